import { isDatabaseUnavailable } from '../db.ts';

interface Pending<T> {
  item: T;
  resolve: (inserted: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: rows that arrive while earlier batches are being written go into the next batch, written as one
 * multi-row INSERT (one commit). Each caller's promise settles only after its batch has committed. At low load a
 * batch is one row and waits for nothing; under load, batches grow and commits per second stay few.
 */
export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private inFlight = 0;

  constructor(
    /** Writes the rows; answers the keys that were inserted (not there before). */
    private readonly write: (items: T[]) => Promise<Set<string>>,
    private readonly keyOf: (item: T) => string,
    private readonly options = { maxBatch: 500, maxInFlight: 4 },
  ) {}

  add(item: T): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.flush();
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

  /** Up to maxBatch rows with distinct keys; a repeated key waits for the next batch, where it finds the first. */
  private takeBatch(): Pending<T>[] {
    const batch: Pending<T>[] = [];
    const keys = new Set<string>();
    const rest: Pending<T>[] = [];
    for (const pending of this.queue) {
      const key = this.keyOf(pending.item);
      if (batch.length < this.options.maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(pending);
      } else {
        rest.push(pending);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async commit(batch: Pending<T>[]): Promise<void> {
    try {
      const inserted = await this.write(batch.map((p) => p.item));
      for (const p of batch) p.resolve(inserted.has(this.keyOf(p.item)));
    } catch (err) {
      // One bad row must not fail the others: write them one by one, unless the database is simply away.
      if (batch.length === 1 || isDatabaseUnavailable(err)) {
        for (const p of batch) p.reject(err);
        return;
      }
      await Promise.all(batch.map((p) => this.commit([p])));
    }
  }
}
