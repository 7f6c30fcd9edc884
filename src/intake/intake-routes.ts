import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { koaBody } from 'koa-body';
import { sendPage } from '../citizen/page.ts';
import { texts } from '../citizen/texts.ts';
import { thankYouBody } from '../citizen/thank-you-page.ts';
import { Problem } from '../http/problem.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { Site } from '../sites/site-store.ts';
import type { IntakeCors } from './cors.ts';
import { parseFeedbackPost, type FeedbackPost } from './feedback-schema.ts';
import type { IntakeService, Receipt } from './intake-service.ts';
import { feedbackPath } from './post-limit.ts';

export interface IntakeDeps {
  sites: SiteService;
  intake: IntakeService;
  cors: IntakeCors;
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

/** A post is answered within this time, or with 503: a client never hangs on a database that does not answer. */
const deadlineMs = 1900;

/** One timer per post: each wait on its way is raced against it, so the post is answered in time or with 503. */
function deadline() {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Problem(503, 'The service is busy or its database is unreachable. Try again shortly.', { retryAfter: 5 })), deadlineMs);
  });
  late.catch(() => {});
  return {
    within<T>(work: Promise<T>): Promise<T> {
      work.catch(() => {});
      return Promise.race([work, late]);
    },
    end: () => clearTimeout(timer),
  };
}

const parseBody = koaBody({ json: true, urlencoded: true, text: false, multipart: false, jsonLimit: '16kb', formLimit: '16kb', jsonStrict: true });
const noop = async () => {};

export function intakeRoutes({ sites, intake, cors }: IntakeDeps): Router {
  const router = new Router();

  function checkOrigins(ctx: Context, site: Site, post: FeedbackPost, isForm: boolean): void {
    const origin = cors.requestOrigin(ctx, isForm);
    if (!cors.allow(ctx, origin, site.origins) && origin !== undefined) {
      throw new Problem(403, `Posts from ${origin} are not accepted for site "${site.id}".`);
    }
    if (!site.origins.includes(post.url.origin)) {
      throw new Problem(403, `Pages on ${post.url.origin} are not part of site "${site.id}".`);
    }
  }

  function answer(ctx: Context, isForm: boolean, post: FeedbackPost, receipt: Receipt, site?: Site): void {
    ctx.status = receipt.status;
    if (!isForm) {
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

  /** Type, CORS, body, fields, site and origins, then the intake; one function, as every post takes this path. */
  async function receive(ctx: Context): Promise<void> {
    const type = ctx.is('application/json', 'application/x-www-form-urlencoded');
    if (!type) throw new Problem(415, 'Send the feedback as application/json or application/x-www-form-urlencoded.');
    const isForm = type !== 'application/json';
    await cors.allowAnySite(ctx, isForm);
    await parseBody(ctx, noop);
    const parsed = parseFeedbackPost(isForm ? withPageFromReferer(ctx) : ctx.request.body, isForm ? 'form' : 'json');
    if (!parsed.ok) throw new Problem(400, 'The feedback is not valid.', { errors: parsed.errors });
    const { post } = parsed;
    // A bot filled the hidden field: it is thanked like anyone and nothing is kept.
    if (post.honeypot) return answer(ctx, isForm, post, { status: 201, id: post.id ?? randomUUID() });

    const inTime = deadline();
    try {
      const site = await inTime.within(sites.get(post.site));
      if (!site) throw new Problem(404, `There is no site "${post.site}".`);
      checkOrigins(ctx, site, post, isForm);
      // A form post has no id of its own; one is made here so that the thank-you page can add the comment to it.
      const withId = isForm && !post.id ? { ...post, id: randomUUID() } : post;
      answer(ctx, isForm, withId, await inTime.within(intake.submit(site, withId, ctx.ip)), site);
    } finally {
      inTime.end();
    }
  }

  router.options(feedbackPath, async function preflight(ctx) {
    ctx.vary('Access-Control-Request-Headers');
    if (await cors.allowAnySite(ctx, false)) {
      ctx.set('Access-Control-Allow-Methods', 'POST');
      ctx.set('Access-Control-Allow-Headers', 'Content-Type');
      ctx.set('Access-Control-Max-Age', '600');
    }
    ctx.status = 204;
  });

  router.post(feedbackPath, receive);
  return router;
}
