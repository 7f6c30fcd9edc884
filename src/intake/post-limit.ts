import type { IncomingMessage } from 'node:http';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { TooMany } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import type { Limiter } from '../rate-limit/rate-limit.ts';

export const feedbackPath = '/api/v1/feedback';
export const viewsPath = '/api/v1/views';

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

/** Why a post over FANTDU_RATE_LIMIT is refused (text, not an Error: the gate refuses floods, and a stack costs). */
export const tooManyPostsText = (retryAfter: number) =>
  `Too many posts from this client. Try again in ${retryAfter} seconds.`;

/** Why a page view over FANTDU_VIEW_LIMIT is refused. */
export const tooManyViewsText = (retryAfter: number) =>
  `Too many page views counted from this client. Try again in ${retryAfter} seconds.`;

export const tooManyPosts = (retryAfter: number) => new TooMany(tooManyPostsText(retryAfter), retryAfter);

export const tooManyViews = (retryAfter: number) => new TooMany(tooManyViewsText(retryAfter), retryAfter);

/** The path of a request target as routing sees it, in origin-form (`/a?b`) or absolute-form (`http://host/a?b`). */
export function targetPath(target = ''): string {
  if (target.startsWith('/')) {
    const query = target.indexOf('?');
    return query < 0 ? target : target.slice(0, query);
  }
  return URL.canParse(target) ? new URL(target).pathname : target;
}

/** What a limit is for: its path, how a refusal reads, and where refusals are counted. */
export interface LimitedRoute {
  path: string;
  /** The refusal's detail, given the seconds until the client may post again. */
  tooMany: (retryAfter: number) => string;
  refused: { inc(): void };
}

/**
 * Each post to a limited route (the feedback intake with FANTDU_RATE_LIMIT, page views with FANTDU_VIEW_LIMIT)
 * counted against its client's limit, once, however often it is asked: by the gate before Koa for the spellings that
 * reach the route, and by the route itself for whatever reaches it, so that no way of writing the path escapes the
 * limit.
 */
export class PostLimit {
  /** This limit's count of a request, kept on the request so that it is counted once. */
  private readonly counted = Symbol('fantdu.counted');

  constructor(
    readonly route: LimitedRoute,
    private readonly limiter: Limiter,
    private readonly clientKeys: ClientKeys,
    private readonly trustProxy: number,
    private readonly log: Logger,
  ) {}

  get path(): string {
    return this.route.path;
  }

  /** Any spelling of the route's path that the router may take for it: other letter case, trailing slashes. */
  mayBe(req: IncomingMessage): boolean {
    const { path } = this.route;
    return (
      req.method === 'POST' && (req.url === path || targetPath(req.url).toLowerCase().replace(/\/+$/, '') === path)
    );
  }

  /** The refusal of this post, or undefined when its client is within the limit. */
  refusal(req: IncomingMessage): Promise<RateLimiterRes | undefined> {
    const post = req as IncomingMessage & Record<symbol, Promise<RateLimiterRes | undefined> | undefined>;
    let counted = post[this.counted];
    if (!counted) {
      counted = this.count(req);
      post[this.counted] = counted;
    }
    return counted;
  }

  private async count(req: IncomingMessage): Promise<RateLimiterRes | undefined> {
    try {
      await this.limiter.consume(await this.clientKeys.keyOf(clientAddress(req, this.trustProxy)));
      return undefined;
    } catch (err) {
      if (err instanceof RateLimiterRes) return err;
      // The limiter failed (its insurance as well): the post goes on rather than fail.
      this.log.error({ err, route: this.route.path }, 'rate limit failed; the post was let through');
      return undefined;
    }
  }
}
