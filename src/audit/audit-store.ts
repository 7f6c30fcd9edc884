import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { AuditAction } from './audit-actions.ts';

export interface AuditEntry {
  /** The site the action concerns; null for what concerns no site (e.g. a failed login for an unknown e-mail). */
  siteId: string | null;
  /** Who: a user's e-mail, `token:NAME`, `cli`, or `unknown`. */
  actor: string;
  action: AuditAction;
  target?: string | null;
  /** What else is worth knowing. Never comment text. */
  details?: Record<string, unknown>;
}

export interface AuditItem {
  id: string;
  at: string;
  actor: string;
  /** An AuditAction, or one of an older or newer fantdu that this one does not know. */
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

type AuditRow = {
  id: string | number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
};

export class AuditStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Writes entries at the clock's time; `db` may be a transaction the entries belong to. */
  async insert(entries: readonly AuditEntry[], db: Db = this.db): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock();
    await db('audit_log').insert(
      entries.map((e) => ({
        site_id: e.siteId,
        actor: e.actor,
        action: e.action,
        target: e.target ?? null,
        details: JSON.stringify(e.details ?? {}),
        at,
      })),
    );
  }

  /** A site's entries, newest first, after the entry `before` (an id). */
  async list(siteId: string, options: { limit: number; before?: string | undefined }): Promise<AuditItem[]> {
    const rows: AuditRow[] = await this.db('audit_log')
      .where({ site_id: siteId })
      .modify((q) => {
        if (options.before) q.where('id', '<', options.before);
      })
      .orderBy('id', 'desc')
      .limit(options.limit)
      .select('id', 'at', 'actor', 'action', 'target', 'details');
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
    }));
  }

  /** Entries older than `before` are deleted; how many. */
  async deleteBefore(before: Date, db: Db = this.db): Promise<number> {
    return (await db('audit_log').where('at', '<', before).delete().returning('id')).length;
  }
}
