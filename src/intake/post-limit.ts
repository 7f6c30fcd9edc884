import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { retryAfterSeconds, TooMany, Unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../http/metrics.ts';
import { problemBody } from '../http/problem.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import type { Limiter, Limiters } from '../rate-limit/rate-limit.ts';
import type { IntakeCors } from './cors.ts';
import { deadlineOf } from './deadline.ts';

export const feedbackPath = '/api/v1/feedback';

/**
 * The client's address as Koa's `ctx.ip` gives it (app.proxy with maxIpsCount = FANTDU_TRUST_PROXY): the leftmost of
 * the last N `X-Forwarded-For` entries, else the socket's address.
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const forwarded = trustProxy > 0 ? req.headers['x-forwarded-for'] : undefined;
  const hops = typeof forwarded === 'string' && forwarded ? forwarded.split(',').map((v) => v.trim()).slice(-trustProxy) : [];
  return hops[0] || req.socket.remoteAddress || '';
}

/** The path of a request target as routing sees it, in origin-form (`/a?b`) or absolute-form (`http://host/a?b`). */
export function targetPath(target = ''): string {
  if (target.startsWith('/')) {
    const query = target.indexOf('?');
    return query < 0 ? target : target.slice(0, query);
  }
  return URL.canParse(target) ? new URL(target).pathname : target;
}

export const tooManyPosts = (retryAfter: number) => new TooMany(`Too many posts from this client. Try again in ${retryAfter} seconds.`, retryAfter);

/**
 * Each post counted against its client's FANTDU_RATE_LIMIT, once, however often it is asked: by the gate before Koa
 * for the spellings that reach the intake, and by the intake itself for whatever reaches it, so that no way of
 * writing the path escapes the limit.
 */
export class PostLimit {
  private readonly counted = new WeakMap<IncomingMessage, Promise<RateLimiterRes | undefined>>();

  constructor(
    private readonly limiter: Limiter,
    private readonly clientKeys: ClientKeys,
    private readonly trustProxy: number,
    private readonly log: Logger,
  ) {}

  /** The refusal of this post, or undefined when its client is within the limit. */
  refusal(req: IncomingMessage): Promise<RateLimiterRes | undefined> {
    let refusal = this.counted.get(req);
    if (!refusal) this.counted.set(req, (refusal = this.count(req)));
    return refusal;
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

export function createPostLimit({ config, limiters, clientKeys, log }: Pick<PostLimitDeps, 'config' | 'limiters' | 'clientKeys' | 'log'>): PostLimit {
  const limiter = limiters.create({ keyPrefix: 'post', points: config.rateLimit.points, duration: config.rateLimit.seconds });
  return new PostLimit(limiter, clientKeys, config.trustProxy, log);
}

export interface PostLimitDeps {
  config: Pick<Config, 'rateLimit' | 'trustProxy'>;
  limiters: Limiters;
  clientKeys: ClientKeys;
  postLimit: PostLimit;
  metrics: Metrics;
  cors: IntakeCors;
  log: Logger;
}

/** Any spelling of the intake's path that the router takes for it: other letter case, trailing slashes. */
const mayBeIntake = (req: IncomingMessage) =>
  req.method === 'POST' && (req.url === feedbackPath || targetPath(req.url).toLowerCase().replace(/\/+$/, '') === feedbackPath);

/**
 * The first thing a post meets, before the framework: a client over FANTDU_RATE_LIMIT is refused with 429 and
 * Retry-After without its body being read, so that a flood costs a key and a counter and leaves the service to
 * everyone else. The key never holds the address. Refusals are counted in /metrics, not logged one by one. The
 * post's deadline starts here, so that waiting for a shared limiter store counts too.
 */
export function limitPosts({ postLimit, metrics, cors, log }: PostLimitDeps, app: RequestListener): RequestListener {
  const counted = metrics.requests.labels({ method: 'POST', route: feedbackPath, status: '429' });
  const bodies = new Map<string, string>();
  const bodyOf = (status: number, detail: string) => {
    let body = bodies.get(detail);
    if (body === undefined) {
      body = problemBody(status, detail);
      if (bodies.size < 10_000) bodies.set(detail, body);
    }
    return body;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, status: 429 | 503, error: TooMany | Unavailable): Promise<void> {
    const body = bodyOf(status, error.message);
    // The widget reads the 429 to say why; any site's origin may (the body that names the site is not read).
    const origin = await deadlineOf(req).within(cors.anySiteOrigin(req.headers.origin)).catch(() => undefined);
    res.writeHead(status, {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Retry-After': String(error.retryAfter),
      Vary: 'Origin',
      ...(origin ? { 'Access-Control-Allow-Origin': origin } : {}),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    res.end(body);
  }

  async function limit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let refused: RateLimiterRes | undefined;
    try {
      refused = await deadlineOf(req).within(postLimit.refusal(req));
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      metrics.requests.labels({ method: 'POST', route: feedbackPath, status: '503' }).inc();
      return answer(req, res, 503, err);
    }
    if (!refused) return app(req, res);
    metrics.rateLimited.inc();
    counted.inc();
    return answer(req, res, 429, tooManyPosts(retryAfterSeconds(refused.msBeforeNext)));
  }

  return function limitPostsFirst(req, res) {
    if (!mayBeIntake(req)) return app(req, res);
    limit(req, res).catch((err: unknown) => {
      log.error({ err }, 'refusing a post failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
