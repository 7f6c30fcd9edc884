import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { koaBody } from 'koa-body';
import { sendPage } from '../citizen/page.ts';
import { texts } from '../citizen/texts.ts';
import { thankYouBody } from '../citizen/thank-you-page.ts';
import type { Config } from '../config.ts';
import { Problem } from '../http/problem.ts';
import type { Metrics } from '../http/metrics.ts';
import type { ClientKeys } from '../rate-limit/client-keys.ts';
import { limitPosts, type Limiters } from '../rate-limit/rate-limit.ts';
import { normalizeOrigin, type SiteService } from '../sites/site-service.ts';
import type { Site } from '../sites/site-store.ts';
import { parseFeedbackPost, type FeedbackPost } from './feedback-schema.ts';
import type { IntakeService, Receipt } from './intake-service.ts';

export interface IntakeDeps {
  config: Pick<Config, 'publicUrl' | 'rateLimit'>;
  sites: SiteService;
  intake: IntakeService;
  limiters: Limiters;
  clientKeys: ClientKeys;
  metrics: Metrics;
}

/**
 * A form included in a page without its `url` field (see /embed) is about the page it was sent from,
 * as far as the browser's Referer tells.
 */
function withPageFromReferer(ctx: Context): unknown {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const referer = ctx.get('Referer');
  if (typeof body !== 'object' || body === null || body.url !== undefined || !referer) return body;
  return { ...body, url: referer };
}

const bodyTypes = ['application/json', 'application/x-www-form-urlencoded'];

/** A post is answered within this time, or with 503: a client never hangs on a database that does not answer. */
const deadlineMs = 1900;

function withinDeadline(ms: number) {
  return async function deadline(ctx: Context, next: Next): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Problem(503, 'The service is busy or its database is unreachable. Try again shortly.', { retryAfter: 5 })), ms);
    });
    const work = next();
    work.catch(() => {});
    try {
      await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function requireBodyType(ctx: Context, next: Next): Promise<void> {
  if (!ctx.is(bodyTypes)) throw new Problem(415, 'Send the feedback as application/json or application/x-www-form-urlencoded.');
  await next();
}

const parseBody = koaBody({ json: true, urlencoded: true, text: false, multipart: false, jsonLimit: '16kb', formLimit: '16kb', jsonStrict: true });

export function intakeRoutes(deps: IntakeDeps): Router {
  const { config, sites, intake } = deps;
  const router = new Router();

  /**
   * The Origin header, normalized. A browser sends `Origin: null` with a form posted from a page whose referrer
   * policy is no-referrer; such a post is judged by its page URL alone, like one without an Origin.
   */
  const requestOrigin = (ctx: Context) => {
    const origin = ctx.get('Origin');
    if (origin === '' || (origin === 'null' && ctx.is('application/x-www-form-urlencoded'))) return undefined;
    return normalizeOrigin(origin) ?? origin;
  };

  const allowOrigin = (ctx: Context, origin: string | undefined, allowed: ReadonlySet<string> | readonly string[]) => {
    ctx.vary('Origin');
    const ok = origin !== undefined && (origin === config.publicUrl || (allowed instanceof Set ? allowed.has(origin) : (allowed as string[]).includes(origin)));
    if (ok) ctx.set('Access-Control-Allow-Origin', origin);
    else ctx.remove('Access-Control-Allow-Origin');
    return ok;
  };

  /** Before the body is read, any site's origin may read the answer; once the site is known, only its own. */
  async function corsForAnySite(ctx: Context, next: Next): Promise<void> {
    allowOrigin(ctx, requestOrigin(ctx), await sites.allOrigins());
    await next();
  }

  function checkOrigins(ctx: Context, site: Site, post: FeedbackPost): void {
    const origin = requestOrigin(ctx);
    if (!allowOrigin(ctx, origin, site.origins) && origin !== undefined) {
      throw new Problem(403, `Posts from ${origin} are not accepted for site "${site.id}".`);
    }
    if (!site.origins.includes(post.url.origin)) {
      throw new Problem(403, `Pages on ${post.url.origin} are not part of site "${site.id}".`);
    }
  }

  function answer(ctx: Context, kind: 'json' | 'form', post: FeedbackPost, receipt: Receipt, site?: Site): void {
    ctx.status = receipt.status;
    if (kind === 'json') {
      ctx.body = { id: receipt.id };
      return;
    }
    sendPage(ctx, {
      lang: post.lang ?? 'nb',
      title: texts[post.lang ?? 'nb'].title,
      frameAncestors: site?.origins,
      body: thankYouBody(post, receipt.id, site?.origins.includes(post.url.origin) ?? false),
    });
  }

  async function receive(ctx: Context): Promise<void> {
    const kind = ctx.is('application/json') ? 'json' : 'form';
    const parsed = parseFeedbackPost(kind === 'form' ? withPageFromReferer(ctx) : ctx.request.body, kind);
    if (!parsed.ok) throw new Problem(400, 'The feedback is not valid.', { errors: parsed.errors });
    const { post } = parsed;
    // A bot filled the hidden field: it is thanked like anyone and nothing is kept.
    if (post.honeypot) return answer(ctx, kind, post, { status: 201, id: post.id ?? randomUUID() });

    const site = await sites.get(post.site);
    if (!site) throw new Problem(404, `There is no site "${post.site}".`);
    checkOrigins(ctx, site, post);
    // A form post has no id of its own; one is made here so that the thank-you page can add the comment to it.
    const withId = kind === 'form' && !post.id ? { ...post, id: randomUUID() } : post;
    answer(ctx, kind, withId, await intake.submit(site, withId, ctx.ip), site);
  }

  router.options('/api/v1/feedback', async function preflight(ctx) {
    ctx.vary('Access-Control-Request-Headers');
    if (allowOrigin(ctx, requestOrigin(ctx), await sites.allOrigins())) {
      ctx.set('Access-Control-Allow-Methods', 'POST');
      ctx.set('Access-Control-Allow-Headers', 'Content-Type');
      ctx.set('Access-Control-Max-Age', '600');
    }
    ctx.status = 204;
  });

  router.post(
    '/api/v1/feedback',
    requireBodyType,
    parseBody,
    withinDeadline(deadlineMs),
    corsForAnySite,
    limitPosts(deps.limiters, config, deps.clientKeys, deps.metrics),
    receive,
  );

  return router;
}
