import { isDatabaseUnavailable, Unavailable } from '../errors.ts';
import type { Expiry } from './deadline.ts';

interface Pending<T, R> {
  item: T;
  resolve: (outcome: R) => void;
  reject: (err: unknown) => void;
  /** Takes the item out of the queue when its caller stops waiting. */
  detach?: () => void;
}

export interface GroupCommitOptions {
  maxBatch: number;
  maxInFlight: number;
  /** Items waiting beyond this are refused at once (Unavailable): memory stays bounded whatever arrives. */
  maxQueued: number;
  /** What the items are, for that refusal: 'posts', 'suggestions'. */
  items: string;
}

const defaults: GroupCommitOptions = { maxBatch: 500, maxInFlight: 1, maxQueued: 10_000, items: 'posts' };

/**
 * A failure of the whole batch, not of one of its items: the database away, or Postgres's classes of errors about the
 * server rather than the rows (53 out of resources, 57 cancelled or timed out, 58 system error, XX internal). Writing
 * the items one by one would fail each the same way, hundreds of times. A deadlock or a serialization failure (class
 * 40) or a lock not had in time (55P03: one item may wait on another's row) is not one of them: written one by one,
 * the items go in.
 */
function isBatchWide(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return isDatabaseUnavailable(err) || (typeof code === 'string' && /^(?:53|57|58|XX)[0-9A-Z]{3}$/.test(code));
}

/** After a batch fails, its items are written one by one, this many at once: a batch of hundreds keeps the pool. */
const retriesAtOnce = 4;

/**
 * Group commit: items that arrive in the same turn of the event loop, or while earlier batches are being written, go
 * into the next batch, written by one statement (one commit). Each caller's promise settles only after its batch has
 * committed. At low load a batch is one item and waits only for the end of the turn; under load, batches grow and
 * commits per second stay few. Waiting for the end of the turn matters most with the embedded database: its queries
 * run on this thread, so a batch started at once would be written before the next post is even read.
 *
 * Batches are taken in arrival order, with no look at what they hold: the writer decides items that collide (one id,
 * one comment) within its statement, so a run of identical items costs what different ones do.
 */
export class GroupCommit<T, R> {
  /** In arrival order; a Set, so that an item leaves from anywhere in it at once. */
  private readonly queue = new Set<Pending<T, R>>();
  private readonly options: GroupCommitOptions;
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    /** Writes the items; answers each item's outcome, in the same order. */
    private readonly write: (items: T[]) => Promise<R[]>,
    /** Any of the defaults changed: a batch of at most 500, one in flight, 10 000 waiting, of posts. */
    options: Partial<GroupCommitOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  /**
   * Adds an item to the next batch. When `expiry` runs out while the item still waits in the queue, it is taken out
   * (it will never be written) and the promise rejects with Unavailable; once its batch is being written, the batch
   * decides.
   */
  add(item: T, expiry?: Expiry): Promise<R> {
    if (this.queue.size >= this.options.maxQueued) {
      const why = `Too many ${this.options.items} are waiting to be stored. Try again shortly.`;
      return Promise.reject(new Unavailable(why, 2));
    }
    if (expiry?.expired) return Promise.reject(new Unavailable());
    return new Promise((resolve, reject) => {
      const pending: Pending<T, R> = { item, resolve, reject };
      if (expiry) {
        pending.detach = expiry.onExpire(() => {
          if (this.queue.delete(pending)) reject(new Unavailable());
        });
      }
      this.queue.add(pending);
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    });
  }

  /** How many items wait for a batch. */
  get waiting(): number {
    return this.queue.size;
  }

  private flush(): void {
    while (this.queue.size > 0 && this.inFlight < this.options.maxInFlight) {
      const batch: Pending<T, R>[] = [];
      for (const pending of this.queue) {
        if (batch.length === this.options.maxBatch) break;
        batch.push(pending);
        this.queue.delete(pending);
        pending.detach?.();
      }
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async commit(batch: Pending<T, R>[]): Promise<void> {
    try {
      const outcomes = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        p.resolve(outcomes[i] as R);
      });
    } catch (err) {
      // One bad item must not fail the others: write them one by one, unless no one item can have caused it.
      if (batch.length === 1 || isBatchWide(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (let i = 0; i < batch.length; i += retriesAtOnce)
        await Promise.all(batch.slice(i, i + retriesAtOnce).map((p) => this.commit([p])));
    }
  }
}
