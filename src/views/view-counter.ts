import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { pagePath } from '../privacy/page-path.ts';
import { osloDay } from '../reports/oslo-dates.ts';
import type { ViewStore } from './view-store.ts';

/** How much is held between flushes: distinct pages-days, and the characters of their keys (paths may be long). */
export interface ViewBounds {
  maxKeys: number;
  maxChars: number;
}

export const defaultViewBounds: ViewBounds = { maxKeys: 100_000, maxChars: 8_000_000 };
/** How often the counts are written: what a crash may lose. */
export const viewFlushMs = 5000;

/** Site ids and days hold no tab, and a path keeps a tab percent-encoded: the key splits back into its parts. */
const keyOf = (siteId: string, day: string, path: string) => `${siteId}\t${day}\t${path}`;

function partsOf(key: string, views: number) {
  const first = key.indexOf('\t');
  const second = key.indexOf('\t', first + 1);
  return { siteId: key.slice(0, first), day: key.slice(first + 1, second), path: key.slice(second + 1), views };
}

/**
 * Page views, counted in memory per site, page and Oslo day and written every few seconds as one statement (see
 * ViewStore.add). What is held is bounded: when a flood of distinct pages fills it, it is flushed at once, and views
 * of new pages that find it full while a flush runs are dropped (and counted in /metrics). A failed flush keeps its
 * counts for the next, within the same bounds. A crash loses at most the views since the last flush.
 */
export class ViewCounter {
  private pending = new Map<string, number>();
  private chars = 0;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** After stop, a view still in flight is not held: nothing would write it. */
  private stopped = false;

  constructor(
    private readonly store: ViewStore,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly bounds: ViewBounds = defaultViewBounds,
  ) {}

  /** Counts one view of the page at `url`; false when it had to be dropped. */
  count(siteId: string, url: URL): boolean {
    if (this.stopped) {
      this.metrics.viewsDropped.inc();
      return false;
    }
    const key = keyOf(siteId, osloDay(this.clock()), pagePath(url));
    if (!this.hold(key, 1)) {
      // Full: the counts go to the database now, and this view is held in the room that makes.
      if (!this.flushing) void this.runOnce();
      if (!this.hold(key, 1)) {
        this.metrics.viewsDropped.inc();
        return false;
      }
    }
    this.metrics.viewsCounted.inc({ site: siteId });
    return true;
  }

  /** Views waiting to be written (for tests and /metrics). */
  get waiting(): number {
    return this.pending.size;
  }

  private hold(key: string, views: number): boolean {
    const held = this.pending.get(key);
    if (held !== undefined) {
      this.pending.set(key, held + views);
      return true;
    }
    if (this.pending.size >= this.bounds.maxKeys || this.chars + key.length > this.bounds.maxChars) return false;
    this.pending.set(key, views);
    this.chars += key.length;
    return true;
  }

  /** Writes the counts held now; one flush at a time. Never throws: a failed flush keeps its counts. */
  async runOnce(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.chars = 0;
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async write(batch: Map<string, number>): Promise<void> {
    try {
      const dropped = await this.store.add(Array.from(batch, ([key, views]) => partsOf(key, views)));
      if (dropped) this.metrics.viewsDropped.inc(dropped);
    } catch (err) {
      let lost = 0;
      for (const [key, views] of batch) if (!this.hold(key, views)) lost += views;
      if (lost) this.metrics.viewsDropped.inc(lost);
      // No path and no value from the database's message: its code says enough.
      const { code, name } = (err ?? {}) as { code?: unknown; name?: unknown };
      this.log.warn(
        { code, error: name, pages: batch.size, lost },
        'page views could not be written; kept for the next try',
      );
    }
  }

  /** Flushes every few seconds until stopped. */
  schedule(everyMs = viewFlushMs): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is held (before the database closes). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.runOnce();
    if (this.pending.size > 0) this.log.error({ pages: this.pending.size }, 'page views lost on stopping');
  }
}
