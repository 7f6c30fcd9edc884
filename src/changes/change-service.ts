import { randomUUID } from 'node:crypto';
import type { Credential } from '../accounts/credential.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Invalid, NotFound } from '../errors.ts';
import { firstDay } from '../reports/oslo-dates.ts';
import type { JudgedChange } from './change.ts';
import type { ChangeStore } from './change-store.ts';
import { verdictOf } from './verdict.ts';

/** A change may be noted ahead of its publishing by this much (clocks differ), not more. */
const aheadMs = 86_400_000;

/** Page changes: noted by a CMS on publish or by an editor, and judged by the answers before and after. */
export class ChangeService {
  constructor(
    private readonly store: ChangeStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(
    siteId: string,
    input: { path: string; at?: string | undefined; note: string },
    by: Credential,
  ): Promise<string> {
    const now = this.clock();
    const at = input.at === undefined ? now : new Date(input.at);
    if (at < new Date(`${firstDay}T00:00:00Z`) || at.getTime() > now.getTime() + aheadMs)
      throw Invalid.field('at', 'must be a time from 2000 to a day from now', 'The change time is too far off.');
    const id = randomUUID();
    await this.store.insert(siteId, { id, path: input.path, at: at.toISOString(), note: input.note, createdAt: now });
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'change.create',
      target: id,
      details: { path: input.path },
    });
    return id;
  }

  /** The site's changes (of one page, or all), newest first, each with its windows and verdict. */
  async list(siteId: string, options: { path?: string | undefined; limit: number }): Promise<JudgedChange[]> {
    const changes = await this.store.withWindows(siteId, { ...options, now: this.clock() });
    return changes.map((change) => ({ ...change, verdict: verdictOf(change.before, change.after) }));
  }

  async delete(siteId: string, id: string, by: Credential): Promise<void> {
    const removed = await this.store.delete(siteId, id);
    if (!removed) throw new NotFound('There is no such change on this site.');
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'change.delete',
      target: id,
      details: { path: removed.path },
    });
  }
}
