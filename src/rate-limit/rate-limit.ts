import { createRequire } from 'node:module';
import {
  type RateLimiterAbstract,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../log.ts';
import { MemoryLimiter } from './memory-limiter.ts';

/** A client's limit: consume rejects with the RateLimiterRes of the refusal when the client has no points left. */
export interface Limiter {
  consume(key: string): Promise<RateLimiterRes>;
  reward(key: string, points: number): Promise<unknown>;
}

/**
 * A shared store's limiter, with the clients it has found used up remembered in this process until their window ends:
 * a flood is refused from memory and costs the store nothing. (rate-limiter-flexible's own inMemoryBlockOnConsumed
 * looks through all its blocked keys for each new one once it holds a thousand: many flooding addresses would hold the
 * event loop.)
 */
class UsedUpFirst implements Limiter {
  constructor(
    private readonly store: RLWrapperTimeouts,
    private readonly usedUp: MemoryLimiter,
  ) {}

  async consume(key: string): Promise<RateLimiterRes> {
    const refusal = this.usedUp.refusalOf(key);
    if (refusal) throw refusal;
    try {
      const res = await this.store.consume(key);
      if (res.remainingPoints <= 0) this.usedUp.useUp(key, res.msBeforeNext);
      return res;
    } catch (err) {
      if (err instanceof RateLimiterRes) this.usedUp.useUp(key, err.msBeforeNext);
      throw err;
    }
  }

  async reward(key: string, points: number): Promise<unknown> {
    await this.usedUp.delete(key);
    return this.store.reward(key, points);
  }
}

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  /** Counts the clients whose window an in-memory limiter dropped early, being full (see MemoryLimiter). */
  dropped?: { inc(n?: number): void };
}

/**
 * Limiters in the configured store (FANTDU_RATE_LIMIT_STORE): this process's memory (MemoryLimiter, a bounded number
 * of clients), or a shared store (Postgres, Redis) with an in-memory insurance limiter that takes over while the store
 * is unreachable or slow (over 500 ms). Once a key has used up its points, this instance refuses it from memory until
 * its window ends, so a flood costs the shared store nothing.
 */
export interface Limiters {
  create(options: LimiterOptions): Limiter;
  /** Resolves once the shared store is connected, or false after timeoutMs (the insurance limiters serve meanwhile). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createLimiters(config: Config, db: Db, log: Logger): Limiters {
  const insured = (store: RateLimiterAbstract, options: LimiterOptions) =>
    new UsedUpFirst(
      new RLWrapperTimeouts({ limiter: store, insuranceLimiter: new MemoryLimiter(options), timeoutMs: 500 }),
      new MemoryLimiter(options),
    );
  const storeOptions = ({ dropped, ...options }: LimiterOptions) => options;
  switch (config.rateLimitStore) {
    case 'memory':
      return { create: (options) => new MemoryLimiter(options), ready: async () => true, close: async () => {} };
    case 'postgres':
      return {
        create: (options) =>
          insured(
            new RateLimiterPostgres({
              ...storeOptions(options),
              storeClient: db,
              storeType: 'knex',
              tableName: 'rate_limits',
              tableCreated: true,
            }),
            options,
          ),
        ready: async () => true,
        close: async () => {},
      };
    case 'redis': {
      // ioredis is loaded only where Redis holds the limits (some 10 MB that the other stores need not hold).
      const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
      const redis = new Redis(config.redisUrl ?? '', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 1000,
      });
      let warned = 0;
      redis.on('error', (err: Error) => {
        if (Date.now() - warned < 60_000) return;
        warned = Date.now();
        log.warn({ err }, 'redis unreachable: rate limits are kept in memory until it is back');
      });
      return {
        create: (options) =>
          insured(
            new RateLimiterRedis({
              ...storeOptions(options),
              keyPrefix: `fantdu:${options.keyPrefix}`,
              storeClient: redis,
              rejectIfRedisNotReady: true,
            }),
            options,
          ),
        ready: (timeoutMs) =>
          redis.status === 'ready'
            ? Promise.resolve(true)
            : new Promise((resolve) => {
                const timer = setTimeout(() => resolve(false), timeoutMs);
                redis.once('ready', () => {
                  clearTimeout(timer);
                  resolve(true);
                });
              }),
        close: async () => void (await redis.quit().catch(() => redis.disconnect())),
      };
    }
  }
}
