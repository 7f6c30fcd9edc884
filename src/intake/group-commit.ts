import { isDatabaseUnavailable } from '../db.ts';

interface Pending<T, R> {
  item: T;
  resolve: (outcome: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items that arrive in the same turn of the event loop, or while earlier batches are being written, go
 * into the next batch, written by one statement (one commit). Each caller's promise settles only after its batch has
 * committed. At low load a batch is one item and waits only for the end of the turn; under load, batches grow and
 * commits per second stay few. Waiting for the end of the turn matters most with the embedded database: its queries
 * run on this thread, so a batch started at once would be written before the next post is even read.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    /** Writes the items; answers each item's outcome, in the same order. */
    private readonly write: (items: T[]) => Promise<R[]>,
    /** Items that share a key must not be in one batch: the later one waits for the next, where it sees the first. */
    private readonly keysOf: (item: T) => readonly string[],
    private readonly options = { maxBatch: 500, maxInFlight: 1 },
  ) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  /** Up to maxBatch items with distinct keys, in the order they came. */
  private takeBatch(): Pending<T, R>[] {
    const batch: Pending<T, R>[] = [];
    const taken = new Set<string>();
    const rest: Pending<T, R>[] = [];
    for (const pending of this.queue) {
      const keys = this.keysOf(pending.item);
      if (batch.length < this.options.maxBatch && !keys.some((k) => taken.has(k))) {
        for (const k of keys) taken.add(k);
        batch.push(pending);
      } else {
        rest.push(pending);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async commit(batch: Pending<T, R>[]): Promise<void> {
    try {
      const outcomes = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outcomes[i] as R));
    } catch (err) {
      // One bad item must not fail the others: write them one by one, unless the database is simply away.
      if (batch.length === 1 || isDatabaseUnavailable(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      await Promise.all(batch.map((p) => this.commit([p])));
    }
  }
}
