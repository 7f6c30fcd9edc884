import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { pageUrl } from '../intake/feedback-schema.ts';
import type { PagePost } from '../intake/page-post.ts';
import { fieldErrors, siteId } from '../values.ts';

/** A page view as the widget sends it: the site and the page's URL, checked as feedback's are. */
export const viewPost = z.object({ site: siteId, url: pageUrl });

export function parseViewPost(body: unknown): { ok: true; view: PagePost } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '', message: 'The body must be a JSON object.' }] };
  }
  const result = viewPost.safeParse(body);
  return result.success ? { ok: true, view: result.data } : { ok: false, errors: fieldErrors(result.error) };
}
