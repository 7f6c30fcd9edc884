import type { IncomingMessage } from 'node:http';
import { Unavailable } from '../errors.ts';

/**
 * A post is answered within this time of its arrival, or with 503: a client never hangs on a part that does not answer.
 */
export const postDeadlineMs = 1900;

/** Something that may run out of time: work still waiting on it is given up then. */
export interface Expiry {
  readonly expired: boolean;
  /** Calls `then` when the time runs out; answers a function that takes the call back. */
  onExpire(then: () => void): () => void;
}

/**
 * One clock per post, counted from its arrival. Each wait on its way is raced against it; the time the client takes
 * to send its body does not count. When it runs out, work not yet begun (a post still queued for its batch) is
 * dropped rather than done after the client was told 503. Cheap, as every post has one: no timer of its own (one
 * ticker looks at all of them), and no promise until something is raced against it.
 */
export class Deadline implements Expiry {
  expired = false;
  private expiresAt: number;
  private left = 0;
  private late: Promise<never> | undefined;
  private giveUp: ((err: Unavailable) => void) | undefined;
  private hooks: Set<() => void> | undefined;

  constructor(ms: number, startedAt = performance.now()) {
    this.expiresAt = startedAt + ms;
    watch(this);
  }

  /** The work's result, or Unavailable once the time is up. */
  within<T>(work: T | PromiseLike<T>): Promise<T> {
    // Out of time already (the ticker may not have looked yet): nothing more is begun.
    if (this.expired || this.runOut(performance.now())) return Promise.reject(new Unavailable());
    if (!this.late) {
      this.late = new Promise<never>((_, reject) => {
        this.giveUp = reject;
      });
      this.late.catch(() => {});
    }
    const settled = Promise.resolve(work);
    settled.catch(() => {});
    return Promise.race([settled, this.late]);
  }

  /** Waits for the work with the clock stopped (the client sending its body). */
  async excluding<T>(work: Promise<T>): Promise<T> {
    this.left = this.expiresAt - performance.now();
    this.expiresAt = Number.POSITIVE_INFINITY;
    try {
      return await work;
    } finally {
      this.expiresAt = performance.now() + this.left;
    }
  }

  onExpire(then: () => void): () => void {
    this.hooks ??= new Set();
    this.hooks.add(then);
    return () => this.hooks?.delete(then);
  }

  end(): void {
    running.delete(this);
  }

  /** True once the time is up (and then it has said so to whatever waits). */
  runOut(now: number): boolean {
    if (now < this.expiresAt) return false;
    this.expired = true;
    this.giveUp?.(new Unavailable());
    for (const hook of this.hooks ?? []) hook();
    return true;
  }
}

/** One ticker for every running deadline, looking every 20 ms while any runs. */
const running = new Set<Deadline>();
let ticker: NodeJS.Timeout | undefined;

function watch(deadline: Deadline): void {
  running.add(deadline);
  if (ticker) return;
  ticker = setInterval(() => {
    const now = performance.now();
    for (const d of running) if (d.runOut(now)) running.delete(d);
    if (running.size === 0) {
      clearInterval(ticker);
      ticker = undefined;
    }
  }, 20);
  ticker.unref();
}

const arrived = Symbol('fantdu.arrived');
type Arriving = IncomingMessage & { [arrived]?: number };

/** Notes when a post arrived, so that its deadline counts from then (the gate before Koa calls this). */
export function noteArrival(req: IncomingMessage): void {
  (req as Arriving)[arrived] = performance.now();
}

/**
 * Moves a post's noted arrival on by `ms`: the time its client took to send the body, read before Koa (see
 * storePostsFirst), does not count against its deadline, here or on the route it goes on to.
 */
export function excludeFromDeadline(req: IncomingMessage, ms: number): void {
  const arrival = (req as Arriving)[arrived];
  if (arrival !== undefined) (req as Arriving)[arrived] = arrival + ms;
}

/** A deadline for this post, counted from its arrival (or from now, if its arrival was not noted). */
export function deadlineOf(req: IncomingMessage): Deadline {
  return new Deadline(postDeadlineMs, (req as Arriving)[arrived]);
}
