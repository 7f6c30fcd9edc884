import { RateLimiterCompatibleAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/** A client's window: how many points it has used, and when the window ends (ms since the epoch). */
interface Window {
  used: number;
  ends: number;
}

export interface MemoryLimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  /** How many clients' windows are held at most (100 000: some 25 MB). */
  maxKeys?: number;
  dropped?: { inc(): void };
}

/**
 * Clients' windows in this process, each `duration` seconds from the client's first point, as rate-limiter-flexible's
 * RateLimiterMemory counts them, but held in one Map in the order the windows began (so also the order they end) and
 * at most `maxKeys` of them. RateLimiterMemory keeps a timer and some 600 bytes per client for the whole window: posts
 * from many addresses (a botnet, rotating IPv6 addresses) could fill the memory. Here a client costs some 250 bytes,
 * ended windows are dropped from the front as points are taken, and when the Map is full the oldest window goes early
 * (that client starts afresh: each of the many addresses still gets only its own points).
 */
export class MemoryLimiter extends RateLimiterCompatibleAbstract {
  override readonly keyPrefix: string;
  /** Set by an insured limiter on its insurance; this one neither blocks beyond the window nor spreads points. */
  override blockDuration = 0;
  override execEvenly = false;
  private readonly points: number;
  private readonly durationMs: number;
  private readonly maxKeys: number;
  private readonly windows = new Map<string, Window>();
  /** Counts the windows that went before their end because the Map was full. */
  private readonly dropped: { inc(): void } | undefined;

  constructor(options: MemoryLimiterOptions) {
    super();
    this.keyPrefix = options.keyPrefix;
    this.points = options.points;
    this.durationMs = options.duration * 1000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.dropped = options.dropped;
  }

  /** Takes points from the key's window; rejects with the RateLimiterRes of the refusal when it has too few left. */
  override consume(key: string | number, points = 1): Promise<RateLimiterRes> {
    const now = Date.now();
    this.dropEnded(now);
    const id = String(key);
    let window = this.windows.get(id);
    const first = window === undefined || window.ends <= now;
    if (first) {
      // A new window goes to the end of the Map, where the latest begun are.
      if (window) this.windows.delete(id);
      else if (this.windows.size >= this.maxKeys) this.dropOldest();
      window = { used: 0, ends: now + this.durationMs };
      this.windows.set(id, window);
    }
    const w = window as Window;
    w.used += points;
    const res = new RateLimiterRes(Math.max(this.points - w.used, 0), w.ends - now, w.used, first);
    return w.used > this.points ? Promise.reject(res) : Promise.resolve(res);
  }

  /** Gives points back to the key's window, if it has one. */
  override reward(key: string | number, points = 1): Promise<RateLimiterRes> {
    const now = Date.now();
    const w = this.windows.get(String(key));
    if (w === undefined || w.ends <= now) return Promise.resolve(new RateLimiterRes(this.points, 0, 0, false));
    w.used = Math.max(w.used - points, 0);
    return Promise.resolve(new RateLimiterRes(this.points - w.used, w.ends - now, w.used, false));
  }

  override get(key: string | number): Promise<RateLimiterRes | null> {
    const now = Date.now();
    const w = this.windows.get(String(key));
    if (w === undefined || w.ends <= now) return Promise.resolve(null);
    return Promise.resolve(new RateLimiterRes(Math.max(this.points - w.used, 0), w.ends - now, w.used, false));
  }

  override delete(key: string | number): Promise<boolean> {
    return Promise.resolve(this.windows.delete(String(key)));
  }

  override penalty(): never {
    throw new Error('MemoryLimiter: penalty is not used');
  }
  override set(): never {
    throw new Error('MemoryLimiter: set is not used');
  }
  override block(): never {
    throw new Error('MemoryLimiter: block is not used');
  }

  /**
   * The refusal of one more point for the key, when its window here is used up; undefined otherwise. Takes nothing: a
   * shared store's limiter asks this first (see UsedUpFirst).
   */
  refusalOf(key: string): RateLimiterRes | undefined {
    const now = Date.now();
    const w = this.windows.get(key);
    if (w === undefined || w.ends <= now || w.used < this.points) return undefined;
    return new RateLimiterRes(0, w.ends - now, w.used + 1, false);
  }

  /**
   * Holds the key's window as used up for `ms` more, as a shared store has counted it. Such windows are put at the
   * end whenever they end, so an ended one may wait behind a later one until that goes: at most maxKeys are held all
   * the same.
   */
  useUp(key: string, ms: number): void {
    const now = Date.now();
    this.dropEnded(now);
    if (!this.windows.delete(key) && this.windows.size >= this.maxKeys) this.dropOldest();
    this.windows.set(key, { used: this.points, ends: now + ms });
  }

  /** How many clients' windows are held. */
  get size(): number {
    return this.windows.size;
  }

  /** Drops ended windows from the front: a few per call, so that no call holds the event loop. */
  private dropEnded(now: number): void {
    let n = 0;
    for (const [id, w] of this.windows) {
      if (w.ends > now || n++ === 4) return;
      this.windows.delete(id);
    }
  }

  private dropOldest(): void {
    for (const id of this.windows.keys()) {
      this.windows.delete(id);
      this.dropped?.inc();
      return;
    }
  }
}
