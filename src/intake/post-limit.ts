import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../http/metrics.ts';
import { problemBody } from '../http/problem.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import type { Limiters } from '../rate-limit/rate-limit.ts';
import type { IntakeCors } from './cors.ts';

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

export interface PostLimitDeps {
  config: Pick<Config, 'rateLimit' | 'trustProxy'>;
  limiters: Limiters;
  clientKeys: ClientKeys;
  metrics: Metrics;
  cors: IntakeCors;
  log: Logger;
}

const isPost = (req: IncomingMessage) => req.method === 'POST' && (req.url === feedbackPath || req.url?.startsWith(`${feedbackPath}?`) === true);

/**
 * The first thing a post meets, before the framework: a client over FANTDU_RATE_LIMIT is refused with 429 and
 * Retry-After without its body being read, so that a flood costs a key and a counter and leaves the service to
 * everyone else. The key never holds the address. Refusals are counted in /metrics, not logged one by one.
 */
export function limitPosts({ config, limiters, clientKeys, metrics, cors, log }: PostLimitDeps, app: RequestListener): RequestListener {
  const posts = limiters.create({ keyPrefix: 'post', points: config.rateLimit.points, duration: config.rateLimit.seconds });
  const counted = metrics.requests.labels({ method: 'POST', route: feedbackPath, status: '429' });
  const bodies = new Map<number, string>();
  const tooMany = (retryAfter: number) => {
    let body = bodies.get(retryAfter);
    if (body === undefined) {
      body = problemBody(429, `Too many posts from this client. Try again in ${retryAfter} seconds.`);
      if (bodies.size < 10_000) bodies.set(retryAfter, body);
    }
    return body;
  };

  async function refuse(req: IncomingMessage, res: ServerResponse, refused: RateLimiterRes): Promise<void> {
    metrics.rateLimited.inc();
    counted.inc();
    const retryAfter = Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
    const body = tooMany(retryAfter);
    // The widget reads the 429 to say why; any site's origin may (the body that names the site is not read).
    const origin = await cors.anySiteOrigin(req.headers.origin);
    res.writeHead(429, {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Retry-After': String(retryAfter),
      Vary: 'Origin',
      ...(origin ? { 'Access-Control-Allow-Origin': origin } : {}),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    res.end(body);
  }

  async function limit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await posts.consume(await clientKeys.keyOf(clientAddress(req, config.trustProxy)));
    } catch (err) {
      if (err instanceof RateLimiterRes) return refuse(req, res, err);
      // The limiter failed (its insurance as well): the post goes on rather than fail.
      log.error({ err }, 'rate limit failed; the post was let through');
    }
    return app(req, res);
  }

  return function limitPostsFirst(req, res) {
    if (!isPost(req)) return app(req, res);
    limit(req, res).catch((err: unknown) => {
      log.error({ err }, 'refusing a post failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
