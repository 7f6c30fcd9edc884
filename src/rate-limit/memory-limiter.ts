import { RateLimiterCompatibleAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/** A client's window: how many points it has used, and when the window ends (on the monotonic clock, ms). */
interface Window {
  used: number;
  ends: number;
}

export interface MemoryLimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  /** How many clients' windows are held at most (100 000: some 17-25 MB). */
  maxKeys?: number;
  dropped?: { inc(n?: number): void };
}

/**
 * Clients' windows in this process, each `duration` seconds from the client's first point, as rate-limiter-flexible's
 * RateLimiterMemory counts them, but in two generations of Maps and at most `maxKeys` of them. RateLimiterMemory keeps
 * a timer and some 600 bytes per client for the whole window: posts from many addresses (a botnet, rotating IPv6
 * addresses) could fill the memory. Here a client costs some 170-250 bytes and no timer. `current` holds the windows
 * begun since `currentSince`, `previous` those begun in the duration before, so when a duration has passed every
 * window in `previous` has ended: it is let go whole, `current` becomes `previous`, and nothing is ever looked through
 * entry by entry. When `current` holds half of `maxKeys`, that happens at once and `previous` is let go early (those
 * clients start afresh: each of the many addresses still gets only its own points). Times are on the monotonic
 * clock: a step of the system clock neither ends windows nor stretches them.
 */
export class MemoryLimiter extends RateLimiterCompatibleAbstract {
  override readonly keyPrefix: string;
  /** Set by an insured limiter on its insurance; this one neither blocks beyond the window nor spreads points. */
  override blockDuration = 0;
  override execEvenly = false;
  private readonly points: number;
  private readonly durationMs: number;
  private readonly maxKeys: number;
  /** Counts the windows let go before their end because the Maps were full (ended ones among them). */
  private readonly dropped: { inc(n?: number): void } | undefined;
  private current = new Map<string, Window>();
  private previous = new Map<string, Window>();
  private currentSince = performance.now();

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
    const now = this.turn();
    const id = String(key);
    let w = this.windowOf(id, now);
    const first = w === undefined;
    if (w === undefined) w = this.begin(id, 0, now, now + this.durationMs);
    w.used += points;
    const res = new RateLimiterRes(Math.max(this.points - w.used, 0), w.ends - now, w.used, first);
    return w.used > this.points ? Promise.reject(res) : Promise.resolve(res);
  }

  /** Gives points back to the key's window, if it has one. */
  override reward(key: string | number, points = 1): Promise<RateLimiterRes> {
    const now = this.turn();
    const w = this.windowOf(String(key), now);
    if (w === undefined) return Promise.resolve(new RateLimiterRes(this.points, 0, 0, false));
    w.used = Math.max(w.used - points, 0);
    return Promise.resolve(new RateLimiterRes(this.points - w.used, w.ends - now, w.used, false));
  }

  override get(key: string | number): Promise<RateLimiterRes | null> {
    const now = this.turn();
    const w = this.windowOf(String(key), now);
    if (w === undefined) return Promise.resolve(null);
    return Promise.resolve(new RateLimiterRes(Math.max(this.points - w.used, 0), w.ends - now, w.used, false));
  }

  override delete(key: string | number): Promise<boolean> {
    const id = String(key);
    return Promise.resolve(this.current.delete(id) || this.previous.delete(id));
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
    const now = this.turn();
    const w = this.windowOf(key, now);
    if (w === undefined || w.used < this.points) return undefined;
    return new RateLimiterRes(0, w.ends - now, w.used + 1, false);
  }

  /** Holds the key's window as used up for `ms` more (at most a duration), as a shared store has counted it. */
  useUp(key: string, ms: number): void {
    const now = this.turn();
    this.previous.delete(key);
    this.begin(key, this.points, now, now + Math.min(Math.max(ms, 0), this.durationMs));
  }

  /** How many clients' windows are held (ended ones among them, until their generation goes). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The time now; first lets `previous` go once every window in it has ended. */
  private turn(): number {
    const now = performance.now();
    if (now - this.currentSince >= this.durationMs) this.nextGeneration(now);
    return now;
  }

  private nextGeneration(now: number): void {
    this.previous = now - this.currentSince >= 2 * this.durationMs ? new Map() : this.current;
    this.current = new Map();
    this.currentSince = now;
  }

  /** The key's window, unless it has none or it has ended. */
  private windowOf(key: string, now: number): Window | undefined {
    const w = this.current.get(key) ?? this.previous.get(key);
    return w !== undefined && w.ends > now ? w : undefined;
  }

  /**
   * A new window for the key in `current`. When `current` holds half of maxKeys, it becomes `previous` at once and
   * the windows of `previous` are let go before their time (counted), so that the two never hold more than maxKeys.
   */
  private begin(key: string, used: number, now: number, ends: number): Window {
    if (!this.current.has(key) && this.current.size >= this.maxKeys / 2) {
      if (this.previous.size) this.dropped?.inc(this.previous.size);
      this.nextGeneration(now);
    }
    const w = { used, ends };
    this.current.set(key, w);
    return w;
  }
}
