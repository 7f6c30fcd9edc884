import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../log.ts';

export interface RetentionPolicy {
  /** Comments older than this are erased; 0 erases them all. Answers, pages and times stay. */
  retentionDays: number;
  /** Audit entries older than this are deleted. */
  auditRetentionDays: number;
}

export type PurgeResult = { ran: false } | { ran: true; commentsErased: Record<string, number>; auditDeleted: number };

/** One key for "the daily privacy jobs", so that of several instances only one runs them at a time. */
export const purgeLockKey = 0x66616e74; // "fant"
const day = 86_400_000;

/**
 * Erases comments past their retention and audit entries past theirs, in one transaction under a Postgres advisory
 * lock: a second purge started meanwhile does nothing and says so.
 */
export class RetentionService {
  constructor(
    private readonly db: Db,
    private readonly policy: RetentionPolicy,
    private readonly clock: Clock,
  ) {}

  /** Purges now; `daily` purges only if no instance has in the last day (checked under the lock). */
  async purge(actor: string, options: { daily?: boolean } = {}): Promise<PurgeResult> {
    return this.db.transaction(async (trx) => {
      const { rows } = await trx.raw('select pg_try_advisory_xact_lock(?) as locked', [purgeLockKey]);
      if (!rows[0]?.locked) return { ran: false };
      const now = this.clock();
      if (options.daily) {
        const last = await this.lastRun(trx);
        if (last && now.getTime() - last.getTime() < day - 3_600_000) return { ran: false };
      }
      const commentsBefore = new Date(now.getTime() - this.policy.retentionDays * day);
      const erased: { site_id: string }[] = await trx('feedback')
        .whereNotNull('comment')
        .andWhere((w) => (this.policy.retentionDays === 0 ? w : w.where('commented_at', '<', commentsBefore)))
        .update({ comment: null, redactions: trx.raw(`'{}'::text[]`), commented_at: null })
        .returning('site_id');
      const commentsErased: Record<string, number> = {};
      for (const { site_id } of erased) commentsErased[site_id] = (commentsErased[site_id] ?? 0) + 1;
      const auditDeleted = (
        await trx('audit_log').where('at', '<', new Date(now.getTime() - this.policy.auditRetentionDays * day)).delete().returning('id')
      ).length;
      await trx('sessions').where('expires_at', '<=', now).delete();
      const entries = Object.entries(commentsErased).map(([siteId, count]) => ({
        site_id: siteId,
        actor,
        action: 'retention.purge',
        details: JSON.stringify({ commentsErased: count, retentionDays: this.policy.retentionDays }),
        at: now,
      }));
      if (entries.length) await trx('audit_log').insert(entries);
      await trx('settings').insert({ name: 'last_purge', value: now.toISOString() }).onConflict('name').merge();
      return { ran: true, commentsErased, auditDeleted };
    });
  }

  /** When the daily purge last ran, by any instance (read in the purge's transaction when given). */
  async lastRun(db: Db = this.db): Promise<Date | undefined> {
    const row = await db('settings').where({ name: 'last_purge' }).first('value');
    return row ? new Date(row.value) : undefined;
  }

  /** Runs the purge when a day has passed since the last one (by any instance); checks every hour. */
  schedule(log: Logger, everyMs = 3_600_000): () => void {
    const tick = async () => {
      try {
        const result = await this.purge('fantdu (daily)', { daily: true });
        if (result.ran) log.info({ commentsErased: result.commentsErased, auditDeleted: result.auditDeleted }, 'retention: daily purge done');
      } catch (err) {
        log.warn({ err }, 'retention: the daily purge failed; it is tried again within the hour');
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
