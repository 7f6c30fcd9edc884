import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import Router from '@koa/router';
import type { Context } from 'koa';
import { Invalid, retryAfterSeconds } from '../errors.ts';
import { beaconLimit, beforeKoa, jsonInText, readBody, strictJson } from '../http/body.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import { Problem } from '../http/problem.ts';
import type { IntakeCors } from '../intake/cors.ts';
import { deadlineOf } from '../intake/deadline.ts';
import { preflightApi } from '../intake/intake-routes.ts';
import { preflight, siteOfPost } from '../intake/page-post.ts';
import { type PostLimit, tooManyViews, viewsPath } from '../intake/post-limit.ts';
import type { Metrics } from '../metrics.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { ViewCounter } from './view-counter.ts';
import { parseViewPost, viewPost } from './view-post.ts';

export interface ViewDeps {
  sites: SiteService;
  cors: IntakeCors;
  viewLimit: PostLimit;
  views: ViewCounter;
}

const aView = { site: 'sandnes', url: 'https://www.sandnes.kommune.no/skole/' };

/** The views route's description in GET /api/v1/openapi.json. */
export const viewApi: ApiRoute[] = [
  {
    operationId: 'postView',
    method: 'post',
    path: viewsPath,
    tag: 'Citizens',
    access: 'public',
    summary: 'Count a view of a page',
    description:
      'Sent by the widget once per page view, when its question first comes into view: JSON, or text/plain holding ' +
      'JSON (navigator.sendBeacon, no preflight). Only a count per site, path and Oslo day is kept.',
    body: { ...json(viewPost, aView), 'text/plain': { schema: viewPost, example: aView, jsonInText: true } },
    answers: { 204: { description: 'Counted.' } },
    problems: {
      403: "The request's Origin, or the page URL's origin, is not one of the site's.",
      404: 'There is no such site.',
      413: 'The body is larger than 4 KiB.',
      415: 'Send application/json, or text/plain holding JSON.',
      429: 'Over FANTDU_VIEW_LIMIT for this client; Retry-After says when to try again.',
      503: 'The service could not take the view in time; Retry-After says when to try again.',
    },
  },
  preflightApi('preflightView', viewsPath),
];

/**
 * POST /api/v1/views: one view of a page, sent by the widget when its question first comes into view. JSON, or
 * text/plain holding JSON (navigator.sendBeacon with a string: no preflight). The same checks as feedback, then a
 * count in memory; 204.
 */
export function viewRoutes({ sites, cors, viewLimit, views }: ViewDeps): Router {
  const router = new Router();

  async function countView(ctx: Context): Promise<void> {
    const inTime = deadlineOf(ctx.req);
    try {
      const type = ctx.is('application/json', 'text/plain');
      // A beacon is sent without CORS: its `Origin: null` (a no-referrer page) is judged by its page URL, as a form's.
      const beacon = type === 'text/plain';
      await inTime.within(cors.allowAnySite(ctx, beacon));
      const refused = await inTime.within(viewLimit.refusal(ctx.req));
      if (refused) throw tooManyViews(retryAfterSeconds(refused.msBeforeNext));
      if (!type) throw new Problem(415, 'Send the view as application/json, or as text/plain holding JSON.');
      await inTime.excluding(readBody(ctx, 'beacon'));
      const parsed = parseViewPost(beacon ? jsonInText(ctx.request.body) : ctx.request.body);
      if (!parsed.ok) throw new Invalid('The view is not valid.', parsed.errors);
      const site = await siteOfPost({ sites, cors }, ctx, parsed.view, beacon, inTime);
      views.count(site.id, parsed.view.url);
      ctx.status = 204;
    } finally {
      inTime.end();
    }
  }

  router.options(viewsPath, preflight(cors));
  router.post(viewsPath, countView);
  return router;
}

/** A beacon's type as the fast path takes it: JSON, or text holding it, in UTF-8 (or no charset named). */
const beaconType = /^(application\/json|text\/plain)\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Page views are the busiest traffic there is (one per page view), so the common case is answered before Koa: a
 * beacon of at most 4 KiB, plain, whose site and origins check out, is counted and answered 204 here, with the
 * headers, metrics and counting the route gives it. Anything else, or anything that does not check out, goes on to
 * the route (with the body read here kept for it), which answers it as it answers every view: one set of rules.
 * Runs after the gate, which has counted the post against FANTDU_VIEW_LIMIT.
 */
export function countViewsFirst(
  {
    sites,
    cors,
    views,
    metrics,
  }: Pick<ViewDeps, 'sites' | 'cors' | 'views'> & {
    metrics: Metrics;
  },
  app: RequestListener,
): RequestListener {
  const counted = metrics.requests.labels({ method: 'POST', route: viewsPath, status: '204' });
  const timed = metrics.duration.labels({ route: viewsPath });

  function count(req: IncomingMessage, res: ServerResponse, text: string, started: bigint): boolean {
    const beacon = !/^application\/json/i.test(req.headers['content-type'] ?? '');
    let body: unknown;
    try {
      body = strictJson(text);
    } catch {
      return false;
    }
    const parsed = parseViewPost(body);
    if (!parsed.ok) return false;
    // From the cache only: a site the cache does not hold now is the route's to look up, within its deadline.
    const site = sites.fresh(parsed.view.site);
    if (!site?.origins.includes(parsed.view.url.origin)) return false;
    // An origin that may not read the answer is the route's to refuse.
    const readBy = cors.readerOf(req.headers.origin, site.origins);
    if (!readBy && cors.normalized(req.headers.origin ?? '', beacon) !== undefined) return false;
    views.count(site.id, parsed.view.url);
    res.writeHead(204, {
      Vary: 'Origin',
      ...(readBy ? { 'Access-Control-Allow-Origin': readBy } : {}),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    res.end();
    counted.inc();
    timed.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return true;
  }

  return beforeKoa({ path: viewsPath, type: beaconType, limit: beaconLimit }, count, app);
}
