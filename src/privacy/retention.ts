import type { ThrottleStore } from '../accounts/throttle-store.ts';
import type { UserStore } from '../accounts/user-store.ts';
import type { AuditEntry, AuditStore } from '../audit/audit-store.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { SystemStore } from '../system/system-store.ts';
import type { CommentStore } from './comment-store.ts';

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

/** Comments made before this are past their retention (undefined: all are, as a retention of 0 days keeps none). */
export const commentsExpireBefore = (retentionDays: number, now: Date): Date | undefined =>
  retentionDays === 0 ? undefined : new Date(now.getTime() - retentionDays * day);

export interface RetentionStores {
  comments: CommentStore;
  audit: AuditStore;
  users: UserStore;
  throttle: ThrottleStore;
  system: SystemStore;
}

/**
 * Erases comments past their retention and audit entries past theirs (and ended sessions and login windows), in one
 * transaction under a Postgres advisory lock: a second purge started meanwhile does nothing and says so.
 */
export class RetentionService {
  constructor(
    private readonly stores: RetentionStores,
    private readonly policy: RetentionPolicy,
    private readonly clock: Clock,
    /** What fantdu learnt from comments is learnt again without those erased (see Suggester). */
    private readonly learning: { relearn(siteId: string): Promise<void> },
  ) {}

  /** Purges now; `daily` purges only if no instance has in the last day (checked under the lock). */
  async purge(actor: string, options: { daily?: boolean } = {}): Promise<PurgeResult> {
    const { comments, audit, users, throttle, system } = this.stores;
    const result = await system.underLock(purgeLockKey, async (trx): Promise<PurgeResult> => {
      const now = this.clock();
      if (options.daily) {
        const last = await this.lastRun(trx);
        if (last && now.getTime() - last.getTime() < day - 3_600_000) return { ran: false };
      }
      const commentsBefore = commentsExpireBefore(this.policy.retentionDays, now);
      const commentsErased = await comments.eraseComments(commentsBefore, trx);
      const auditDeleted = await audit.deleteBefore(
        new Date(now.getTime() - this.policy.auditRetentionDays * day),
        trx,
      );
      await users.deleteExpiredSessions(now, trx);
      await throttle.deleteEnded(now, trx);
      const entries = Object.entries(commentsErased).map(
        ([siteId, count]): AuditEntry => ({
          siteId,
          actor,
          action: 'retention.purge',
          details: { commentsErased: count, retentionDays: this.policy.retentionDays },
        }),
      );
      await audit.insert(entries, trx);
      await system.setSetting('last_purge', now.toISOString(), trx);
      return { ran: true, commentsErased, auditDeleted };
    });
    // Best done, never the purge's failure: the next editor's choice learns again too.
    if (result?.ran) await Promise.allSettled(Object.keys(result.commentsErased).map((s) => this.learning.relearn(s)));
    return result ?? { ran: false };
  }

  /** When the daily purge last ran, by any instance (read in the purge's transaction when given). */
  async lastRun(trx?: Parameters<SystemStore['setting']>[1]): Promise<Date | undefined> {
    const value = await this.stores.system.setting('last_purge', trx);
    return value ? new Date(value) : undefined;
  }

  /** Runs the purge when a day has passed since the last one (by any instance); checks every hour. */
  schedule(log: Logger, everyMs = 3_600_000): () => void {
    const tick = async () => {
      try {
        const result = await this.purge('fantdu (daily)', { daily: true });
        if (result.ran)
          log.info(
            { commentsErased: result.commentsErased, auditDeleted: result.auditDeleted },
            'retention: daily purge done',
          );
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
