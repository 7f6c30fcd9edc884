import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';

export interface AuditEntry {
  /** The site the action concerns; null for what concerns no site (e.g. a failed login for an unknown e-mail). */
  siteId: string | null;
  /** Who: a user's e-mail, `token:NAME`, or `cli`. */
  actor: string;
  action: string;
  target?: string | null;
  /** What else is worth knowing. Never comment text. */
  details?: Record<string, unknown>;
}

export interface AuditItem {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** Who did what when: logins, exports, status changes, deletions, users and tokens made. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async record(...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock();
    await this.db('audit_log').insert(
      entries.map((e) => ({ site_id: e.siteId, actor: e.actor, action: e.action, target: e.target ?? null, details: JSON.stringify(e.details ?? {}), at })),
    );
  }

  /** A page of entries, newest first; `next` is the `before` of the page after, or null at the end. */
  async page(siteId: string, options: { limit: number; before?: string | undefined }): Promise<{ items: AuditItem[]; next: string | null }> {
    const items = await this.list(siteId, { limit: options.limit + 1, before: options.before });
    const shown = items.slice(0, options.limit);
    return { items: shown, next: items.length > options.limit ? (shown.at(-1)?.id ?? null) : null };
  }

  /** Newest first; `before` is the id to continue after. */
  private async list(siteId: string, options: { limit: number; before?: string | undefined }): Promise<AuditItem[]> {
    const rows = await this.db('audit_log')
      .where({ site_id: siteId })
      .modify((q) => {
        if (options.before) q.where('id', '<', options.before);
      })
      .orderBy('id', 'desc')
      .limit(options.limit)
      .select('id', 'at', 'actor', 'action', 'target', 'details');
    return rows.map((r: { id: string | number; at: Date; actor: string; action: string; target: string | null; details: unknown }) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
    }));
  }
}
