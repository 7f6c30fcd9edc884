import type { IncomingMessage } from 'node:http';
import { Unavailable } from '../errors.ts';

/**
 * A post is answered within this time of its arrival, or with 503: a client never hangs on a part that does not answer.
 */
export const postDeadlineMs = 1900;

/**
 * One clock per post, started when it arrives. Each wait on its way is raced against it; the time the client takes
 * to send its body does not count. When it runs out, `signal` aborts, so that work not yet begun (a post still
 * queued for its batch) is dropped rather than done after the client was told 503.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly late: Promise<never>;
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private ended = false;

  constructor(private left: number) {
    this.late = new Promise<never>((_, reject) =>
      this.controller.signal.addEventListener('abort', () => reject(this.controller.signal.reason), { once: true }),
    );
    this.late.catch(() => {});
    this.run();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The work's result, or Unavailable once the time is up. */
  within<T>(work: T | PromiseLike<T>): Promise<T> {
    const settled = Promise.resolve(work);
    settled.catch(() => {});
    return Promise.race([settled, this.late]);
  }

  /** Waits for the work with the clock stopped (the client sending its body). */
  async excluding<T>(work: Promise<T>): Promise<T> {
    this.pause();
    try {
      return await work;
    } finally {
      this.run();
    }
  }

  end(): void {
    this.ended = true;
    clearTimeout(this.timer);
  }

  private run(): void {
    if (this.ended || this.signal.aborted) return;
    this.startedAt = performance.now();
    this.timer = setTimeout(() => this.controller.abort(new Unavailable()), Math.max(0, this.left));
  }

  private pause(): void {
    clearTimeout(this.timer);
    this.left -= performance.now() - this.startedAt;
  }
}

const deadlines = new WeakMap<IncomingMessage, Deadline>();

/** The deadline of this request, started now if it has none yet (the first part to see a post starts it). */
export function deadlineOf(req: IncomingMessage): Deadline {
  let deadline = deadlines.get(req);
  if (!deadline) {
    deadline = new Deadline(postDeadlineMs);
    deadlines.set(req, deadline);
  }
  return deadline;
}
