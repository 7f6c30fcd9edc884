import type { Context } from 'koa';
import { Forbidden, NotFound } from '../errors.ts';
import type { Site } from '../sites/site.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { IntakeCors } from './cors.ts';
import type { Deadline } from './deadline.ts';

/**
 * What citizens' browsers post about a page (feedback, a view) shares its rules: the site must exist, and both the
 * request's Origin (when it has one) and the page URL's origin must be the site's.
 */
export interface PagePost {
  site: string;
  url: URL;
}

/**
 * The site a post names, once its origins are checked. `noCors`: a post a browser sends without CORS (a form, a
 * beacon), whose `Origin: null` (from a no-referrer page) leaves it to be judged by its page URL alone.
 */
export async function siteOfPost(
  { sites, cors }: { sites: SiteService; cors: IntakeCors },
  ctx: Context,
  post: PagePost,
  noCors: boolean,
  inTime: Deadline,
): Promise<Site> {
  const site = await inTime.within(sites.get(post.site));
  if (!site) throw new NotFound(`There is no site "${post.site}".`);
  const origin = cors.requestOrigin(ctx, noCors);
  if (!cors.allow(ctx, origin, site.origins) && origin !== undefined) {
    throw new Forbidden(`Posts from ${origin} are not accepted for site "${site.id}".`);
  }
  if (!site.origins.includes(post.url.origin)) {
    throw new Forbidden(`Pages on ${post.url.origin} are not part of site "${site.id}".`);
  }
  return site;
}

/** The CORS preflight of a citizens' route: any site's origin may post JSON to it. */
export function preflight(cors: IntakeCors) {
  return async function answerPreflight(ctx: Context): Promise<void> {
    ctx.vary('Access-Control-Request-Headers');
    if (await cors.allowAnySite(ctx, false)) {
      ctx.set('Access-Control-Allow-Methods', 'POST');
      ctx.set('Access-Control-Allow-Headers', 'Content-Type');
      ctx.set('Access-Control-Max-Age', '600');
    }
    ctx.status = 204;
  };
}
