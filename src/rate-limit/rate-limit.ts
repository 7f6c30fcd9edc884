import type { Context, Next } from 'koa';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { Problem } from '../http/problem.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../http/metrics.ts';
import type { ClientKeys } from './client-keys.ts';

export interface PostLimiter {
  limiter: RateLimiterAbstract | RLWrapperTimeouts;
  /** Resolves once the shared store is connected, or after timeoutMs (the insurance limiter serves meanwhile). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The per-client post limit, in the configured store. A shared store (Postgres, Redis) has an in-memory
 * insurance limiter that takes over while the store is unreachable or slow.
 */
export function createPostLimiter(config: Config, db: Db, log: Logger): PostLimiter {
  const { points, seconds: duration } = config.rateLimit;
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: 'post' });
  switch (config.rateLimitStore) {
    case 'memory':
      return { limiter: memory, ready: async () => true, close: async () => {} };
    case 'postgres': {
      const store = new RateLimiterPostgres({
        storeClient: db,
        storeType: 'knex',
        tableName: 'rate_limits',
        tableCreated: true,
        clearExpiredByTimeout: true,
        points,
        duration,
        keyPrefix: 'post',
      });
      return {
        limiter: new RLWrapperTimeouts({ limiter: store, insuranceLimiter: memory, timeoutMs: 500 }),
        ready: async () => true,
        close: async () => {},
      };
    }
    case 'redis': {
      const redis = new Redis(config.redisUrl ?? '', { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 });
      let warned = 0;
      redis.on('error', (err: Error) => {
        if (Date.now() - warned < 60_000) return;
        warned = Date.now();
        log.warn({ err }, 'redis unreachable: rate limits are kept in memory until it is back');
      });
      const store = new RateLimiterRedis({
        storeClient: redis,
        points,
        duration,
        keyPrefix: 'fantdu:post',
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      });
      return {
        limiter: new RLWrapperTimeouts({ limiter: store, insuranceLimiter: memory, timeoutMs: 500 }),
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

/** Refuses a client's posts over the limit with 429 and Retry-After. The key never holds the address. */
export function limitPosts(postLimiter: PostLimiter, clientKeys: ClientKeys, metrics: Metrics) {
  return async function rateLimitPosts(ctx: Context, next: Next): Promise<void> {
    const key = await clientKeys.keyOf(ctx.ip);
    try {
      await postLimiter.limiter.consume(key);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      metrics.rateLimited.inc();
      const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new Problem(429, `Too many posts from this client. Try again in ${retryAfter} seconds.`, { retryAfter });
    }
    await next();
  };
}
