import type { IncomingMessage } from 'node:http';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { TooMany } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import type { Limiter } from '../rate-limit/rate-limit.ts';

export const feedbackPath = '/api/v1/feedback';

/**
 * The client's address as Koa's `ctx.ip` gives it (app.proxy with maxIpsCount = FANTDU_TRUST_PROXY): the leftmost of
 * the last N `X-Forwarded-For` entries, else the socket's address.
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const forwarded = trustProxy > 0 ? req.headers['x-forwarded-for'] : undefined;
  const hops =
    typeof forwarded === 'string' && forwarded
      ? forwarded
          .split(',')
          .map((v) => v.trim())
          .slice(-trustProxy)
      : [];
  return hops[0] || req.socket.remoteAddress || '';
}

const counted = Symbol('fantdu.counted');
type Counted = IncomingMessage & { [counted]?: Promise<RateLimiterRes | undefined> };

export const tooManyPosts = (retryAfter: number) =>
  new TooMany(`Too many posts from this client. Try again in ${retryAfter} seconds.`, retryAfter);

/**
 * Each post counted against its client's FANTDU_RATE_LIMIT, once, however often it is asked: by the gate before Koa
 * for the spellings that reach the intake, and by the intake itself for whatever reaches it, so that no way of
 * writing the path escapes the limit.
 */
export class PostLimit {
  constructor(
    private readonly limiter: Limiter,
    private readonly clientKeys: ClientKeys,
    private readonly trustProxy: number,
    private readonly log: Logger,
  ) {}

  /** The refusal of this post, or undefined when its client is within the limit. */
  refusal(req: IncomingMessage): Promise<RateLimiterRes | undefined> {
    const post = req as Counted;
    post[counted] ??= this.count(req);
    return post[counted];
  }

  private async count(req: IncomingMessage): Promise<RateLimiterRes | undefined> {
    try {
      await this.limiter.consume(await this.clientKeys.keyOf(clientAddress(req, this.trustProxy)));
      return undefined;
    } catch (err) {
      if (err instanceof RateLimiterRes) return err;
      // The limiter failed (its insurance as well): the post goes on rather than fail.
      this.log.error({ err }, 'rate limit failed; the post was let through');
      return undefined;
    }
  }
}
