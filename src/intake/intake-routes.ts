import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { sendPage } from '../citizen/page.ts';
import { texts } from '../citizen/texts.ts';
import { thankYouBody } from '../citizen/thank-you-page.ts';
import { Problem } from '../http/problem.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { Site } from '../sites/site-store.ts';
import type { IntakeCors } from './cors.ts';
import { parseFeedbackPost, type FeedbackPost } from './feedback-schema.ts';
import type { IntakeService, Receipt } from './intake-service.ts';
import { deadlineOf } from './deadline.ts';
import { feedbackPath, tooManyPosts, type PostLimit } from './post-limit.ts';
import { readBody } from '../http/body.ts';
import { retryAfterSeconds } from '../errors.ts';

export interface IntakeDeps {
  sites: SiteService;
  intake: IntakeService;
  cors: IntakeCors;
  postLimit: PostLimit;
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

export function intakeRoutes({ sites, intake, cors, postLimit }: IntakeDeps): Router {
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

  /**
   * CORS, the limit, type, body, fields, site and origins, then the intake; one function, as every post takes this
   * path. Every wait is raced against the post's deadline, which started when it arrived.
   */
  async function receive(ctx: Context): Promise<void> {
    const inTime = deadlineOf(ctx.req);
    try {
      const type = ctx.is('application/json', 'application/x-www-form-urlencoded');
      const isForm = type === 'application/x-www-form-urlencoded';
      await inTime.within(cors.allowAnySite(ctx, isForm));
      // Counted once: this is a no-op for a post the gate before Koa has counted, and counts any other spelling.
      const refused = await inTime.within(postLimit.refusal(ctx.req));
      if (refused) throw tooManyPosts(retryAfterSeconds(refused.msBeforeNext));
      if (!type) throw new Problem(415, 'Send the feedback as application/json or application/x-www-form-urlencoded.');
      await inTime.excluding(readBody(ctx, 'either'));
      const parsed = parseFeedbackPost(isForm ? withPageFromReferer(ctx) : ctx.request.body, isForm ? 'form' : 'json');
      if (!parsed.ok) throw new Problem(400, 'The feedback is not valid.', { errors: parsed.errors });
      const { post } = parsed;
      // A bot filled the hidden field: it is thanked like anyone and nothing is kept.
      if (post.honeypot) return answer(ctx, isForm, post, { status: 201, id: post.id ?? randomUUID() });

      const site = await inTime.within(sites.get(post.site));
      if (!site) throw new Problem(404, `There is no site "${post.site}".`);
      checkOrigins(ctx, site, post, isForm);
      // A form post has no id of its own; one is made here so that the thank-you page can add the comment to it.
      const withId = isForm && !post.id ? { ...post, id: randomUUID() } : post;
      answer(ctx, isForm, withId, await inTime.within(intake.submit(site, withId, ctx.ip, inTime.signal)), site);
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
