import { z } from 'zod';
import { pathOnSite } from '../privacy/page-path.ts';
import { limit, text } from '../reports/report-query.ts';

/** A page's path as a CMS or an editor writes it, normalized as the intake normalizes the pages of answers. */
export const path = text(2048).transform((value, ctx) => {
  const normalized = pathOnSite(value);
  if (normalized !== undefined) return normalized;
  ctx.addIssue({ code: 'custom', message: 'must be a path on the site, starting with /' });
  return z.NEVER;
});

export const changeBody = z.object({
  path,
  at: z.iso.datetime({ offset: true, error: 'must be a time in ISO 8601, e.g. 2026-11-13T10:00:00+01:00' }).optional(),
  note: z.string().trim().max(500, 'must be at most 500 characters').default(''),
});
export const changesQuery = z.object({ path: path.optional(), limit: limit(50) });
