import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { sendPage } from '../citizen/page.ts';
import { texts } from '../citizen/texts.ts';
import { retryBody, thankYouBody } from '../citizen/thank-you-page.ts';
import { Invalid, retryAfterSeconds, Unavailable } from '../errors.ts';
import { beforeKoa, readBody, strictJson } from '../http/body.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import { Problem, problemBody, reportedProblem } from '../http/problem.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { Site } from '../sites/site.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { IntakeCors } from './cors.ts';
import { deadlineOf, noteArrival } from './deadline.ts';
import { type FeedbackPost, formPost, jsonPost, parseFeedbackPost, receipt } from './feedback-schema.ts';
import type { IntakeService, Receipt } from './intake-service.ts';
import { preflight, siteOfPost } from './page-post.ts';
import { clientAddress, feedbackPath, type PostLimit, tooManyPosts } from './post-limit.ts';

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

/** The description of a citizens' route's CORS preflight (see preflight()). */
export const preflightApi = (operationId: string, path: string): ApiRoute => ({
  operationId,
  method: 'options',
  path,
  tag: 'Citizens',
  access: 'public',
  summary: 'CORS preflight of a JSON post',
  answers: {
    204: {
      description: "Allowed for any site's origin (the post itself checks the site's).",
      headers: {
        'Access-Control-Allow-Origin': "The request's Origin, when it is a site's.",
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
      },
    },
  },
});

const thankYou = { schema: z.string().meta({ description: "The thank-you page, in the post's language." }) };
const answered = { ...json(receipt, { id: '3f2c8a4e-5b1d-4c7e-9a0f-6d2e8b1c4a57' }), 'text/html': thankYou };

/** The intake's description in GET /api/v1/openapi.json. */
export const intakeApi: ApiRoute[] = [
  {
    operationId: 'postFeedback',
    method: 'post',
    path: feedbackPath,
    tag: 'Citizens',
    access: 'public',
    summary: 'Answer "Fant du det du lette etter?" for a page',
    description:
      'JSON from the widget, or a form post (answered with an HTML thank-you page). The comment is scrubbed, the ' +
      "address dropped and the URL reduced to its path before anything is stored. CORS allows the site's origins.",
    body: {
      ...json(jsonPost, {
        site: 'sandnes',
        url: 'https://www.sandnes.kommune.no/skole/?x=1',
        found: false,
        comment: 'Finner ikke søknadsskjemaet',
        lang: 'nb',
      }),
      'application/x-www-form-urlencoded': {
        schema: formPost,
        example: { site: 'sandnes', url: 'https://www.sandnes.kommune.no/skole/', found: 'nei', lang: 'nb' },
      },
    },
    answers: {
      201: { description: 'Stored.', content: answered },
      200: {
        description: 'The same id again: a replay, or a comment added to a vote that had none.',
        content: answered,
      },
    },
    problems: {
      403: "The request's Origin, or the page URL's origin, is not one of the site's.",
      404: 'There is no such site.',
      409: 'The same id with another answer, or a second comment.',
      415: 'Send application/json or application/x-www-form-urlencoded.',
      429: 'Over FANTDU_RATE_LIMIT for this client (before the body is read); Retry-After says when to try again.',
      503:
        'Not stored within 2 s, or the database is away: retry after Retry-After with the same id (`id` names it ' +
        'when the post may yet be stored).',
    },
  },
  preflightApi('preflightFeedback', feedbackPath),
];

/** Out of time: the post may yet be stored, under this id, so the answer names it for the retry. */
const mayYetBeStored = (err: Unavailable, id: string) =>
  new Problem(503, err.message, { retryAfter: err.retryAfter, members: { id } });

export function intakeRoutes({ sites, intake, cors, postLimit }: IntakeDeps): Router {
  const router = new Router();

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
      if (!parsed.ok) throw new Invalid('The feedback is not valid.', parsed.errors);
      const { post } = parsed;
      // A bot filled the hidden field: it is thanked like anyone and nothing is kept.
      if (post.honeypot) return answer(ctx, isForm, post, { status: 201, id: post.id ?? randomUUID() });

      // A form post has no id of its own; one is made here so that the thank-you page can add the comment to it.
      const withId = isForm && !post.id ? { ...post, id: randomUUID() } : post;
      const id = withId.id ?? randomUUID();
      let site: Site | undefined;
      try {
        site = await siteOfPost({ sites, cors }, ctx, post, isForm, inTime);
        const receipt = await inTime.within(intake.submit(site, withId, ctx.ip, { id, expiry: inTime }));
        answer(ctx, isForm, withId, receipt, site);
      } catch (err) {
        if (!(err instanceof Unavailable)) throw err;
        if (!isForm) throw mayYetBeStored(err, id);
        ctx.set('Retry-After', String(err.retryAfter));
        const lang = post.lang ?? 'nb';
        const page = {
          lang,
          title: texts[lang].title,
          frameAncestors: site?.origins,
          body: retryBody({ ...withId, id }),
        };
        sendPage(ctx, page, 503);
      }
    } finally {
      inTime.end();
    }
  }

  router.options(feedbackPath, preflight(cors));
  router.post(feedbackPath, receive);
  return router;
}

export interface IntakeGateDeps {
  /** The limited routes: the feedback intake (FANTDU_RATE_LIMIT) and page views (FANTDU_VIEW_LIMIT). */
  limits: PostLimit[];
  metrics: Metrics;
  cors: IntakeCors;
  log: Logger;
}

/**
 * The first thing a post meets, before the framework: a client over its route's limit is refused with 429 and
 * Retry-After without its body being read, so that a flood costs a key and a counter and leaves the service to
 * everyone else. The key never holds the address. Refusals are counted in /metrics, not logged one by one. The
 * post's deadline starts here, so that waiting for a shared limiter store counts too.
 */
export function limitPosts({ limits, metrics, cors, log }: IntakeGateDeps, app: RequestListener): RequestListener {
  const counted = new Map(
    limits.map((l) => [l, metrics.requests.labels({ method: 'POST', route: l.path, status: '429' })]),
  );
  const bodies = new Map<string, string>();
  const bodyOf = (status: number, detail: string) => {
    let body = bodies.get(detail);
    if (body === undefined) {
      body = problemBody(status, detail);
      if (bodies.size < 10_000) bodies.set(detail, body);
    }
    return body;
  };

  async function refuse(req: IncomingMessage, res: ServerResponse, limit: PostLimit, refused: RateLimiterRes) {
    limit.route.refused.inc();
    counted.get(limit)?.inc();
    const retryAfter = retryAfterSeconds(refused.msBeforeNext);
    const body = bodyOf(429, limit.route.tooMany(retryAfter));
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

  async function limited(req: IncomingMessage, res: ServerResponse, limit: PostLimit): Promise<void> {
    // The post's deadline counts from here, so that the time the limiter's store takes counts too.
    noteArrival(req);
    const refused = await limit.refusal(req);
    if (refused) return refuse(req, res, limit, refused);
    app(req, res);
  }

  return function limitPostsFirst(req, res) {
    const limit = req.method === 'POST' ? limits.find((l) => l.mayBe(req)) : undefined;
    if (!limit) return app(req, res);
    limited(req, res, limit).catch((err: unknown) => {
      log.error({ err }, 'refusing a post failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** A post's type as the fast path takes it: JSON in UTF-8 (or no charset named). */
const jsonType = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** The most a post's body may hold (koa-body's jsonLimit for the route). */
const postLimitBytes = 16 * 1024;

/** What the app's log is told of a failure before Koa: the method and route, as the route tells it (see app.ts). */
const asReported = { method: 'POST', _matchedRoute: feedbackPath };

export interface StorePostsFirstDeps {
  sites: SiteService;
  intake: IntakeService;
  cors: IntakeCors;
  metrics: Metrics;
  log: Logger;
  trustProxy: number;
  /** Where failures are reported for the log, as the route's are (the Koa app: see reportedProblem). */
  app: EventEmitter;
}

/**
 * Answers are the traffic, so the common case is taken before Koa, as page views are: a JSON post of at most 16 KiB,
 * plain, valid, whose site (as the cache holds it) and origins check out, is stored and answered here with the headers
 * and metrics the route gives it. Anything else, or anything that does not check out, goes on to the route
 * (with the body read here kept for it), which answers it by the same rules. Once the post is handed to the intake it
 * is answered here whatever comes, with the route's problem+json. Runs after the gate, which has counted it against
 * FANTDU_RATE_LIMIT.
 */
export function storePostsFirst(deps: StorePostsFirstDeps, next: RequestListener): RequestListener {
  const { sites, intake, cors, metrics, log, trustProxy, app } = deps;
  const timed = metrics.duration.labels({ route: feedbackPath });
  const counters = new Map<number, { inc(): void }>();
  const countedAs = (status: number) => {
    let counter = counters.get(status);
    if (!counter) {
      counter = metrics.requests.labels({ method: 'POST', route: feedbackPath, status: String(status) });
      counters.set(status, counter);
    }
    return counter;
  };

  /** The post's site and whether its origin may read the answer, when this path takes it; else undefined. */
  function taken(req: IncomingMessage, text: string) {
    let body: unknown;
    try {
      body = strictJson(text);
    } catch {
      return undefined;
    }
    const parsed = parseFeedbackPost(body, 'json');
    if (!parsed.ok || parsed.post.honeypot) return undefined;
    // From the cache only: a site the cache does not hold now is the route's to look up, within its deadline.
    const site = sites.fresh(parsed.post.site);
    if (!site?.origins.includes(parsed.post.url.origin)) return undefined;
    // An origin that may not read the answer is the route's to refuse.
    const readBy = cors.readerOf(req.headers.origin, site.origins);
    if (!readBy && cors.normalized(req.headers.origin ?? '', false) !== undefined) return undefined;
    return { post: parsed.post, site, readBy };
  }

  async function store(req: IncomingMessage, res: ServerResponse, took: NonNullable<ReturnType<typeof taken>>) {
    const { post, site, readBy } = took;
    const inTime = deadlineOf(req);
    const id = post.id ?? randomUUID();
    let status: number;
    let body: string;
    let retryAfter: number | undefined;
    try {
      const receipt = await inTime.within(
        intake.submit(site, post, clientAddress(req, trustProxy), { id, expiry: inTime }),
      );
      status = receipt.status;
      body = JSON.stringify({ id: receipt.id });
    } catch (err) {
      const problem = err instanceof Unavailable ? mayYetBeStored(err, id) : reportedProblem(app, err, asReported);
      ({
        status,
        extra: { retryAfter },
      } = problem);
      body = problemBody(status, problem.detail, problem.extra.errors, problem.extra.members);
    } finally {
      inTime.end();
    }
    res.writeHead(status, {
      'Content-Type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json',
      'Content-Length': Buffer.byteLength(body),
      ...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
      Vary: 'Origin',
      ...(readBy ? { 'Access-Control-Allow-Origin': readBy } : {}),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    res.end(body);
    return status;
  }

  /** Stores a post the fast path takes and answers it; false for one the route is to answer. */
  function storeFirst(req: IncomingMessage, res: ServerResponse, text: string, started: bigint): boolean {
    let took: ReturnType<typeof taken>;
    try {
      took = taken(req, text);
    } catch (err) {
      log.error({ err, route: feedbackPath }, 'checking a post before Koa failed; the route takes it');
    }
    if (!took) return false;
    store(req, res, took)
      .then((status) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        countedAs(status).inc();
        timed.observe(seconds);
        // Its failures are logged as the route logs them; a post stored is not (the route logs it at debug).
        if (status >= 400)
          log.info({ method: 'POST', route: feedbackPath, status, ms: Math.round(seconds * 1000) }, 'request');
      })
      .catch((err: unknown) => {
        log.error({ err, route: feedbackPath }, 'answering a post failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    return true;
  }

  return beforeKoa({ path: feedbackPath, type: jsonType, limit: postLimitBytes }, storeFirst, next);
}
