import { z } from 'zod';
import { Invalid, NotFound } from '../errors.ts';
import { fieldErrors, isUuid, status, yesNo } from '../values.ts';
import { firstDay, isCalendarDate, lastDay } from './oslo-dates.ts';
import { pageSorts } from './report.ts';

/** What the report routes (API and /admin) accept: each value checked here, once. */
export const day = z
  .string()
  .refine(isCalendarDate, `must be a date YYYY-MM-DD from ${firstDay} to ${lastDay}`)
  .meta({ format: 'date', description: `A day in Europe/Oslo, ${firstDay} to ${lastDay}, included.` });
export const limit = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(500, 'must be at most 500'))
    .default(fallback)
    .meta({ description: `How many, 1 to 500 (default ${fallback}).` });
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const cursor = z
  .string()
  .max(200, 'is not valid')
  .optional()
  .meta({ description: 'Where to go on: the `next` of the page before.' });

const range = { from: day.optional(), to: day.optional() };
const pathPrefix = text(2048).optional().meta({ description: 'The pages whose paths begin so.' });
const filters = {
  ...range,
  path: text(2048).optional().meta({ description: 'One page: its path.' }),
  pathPrefix,
  found: yesNo.optional(),
  hasComment: yesNo.optional(),
  status: status.optional(),
  q: text(200)
    .transform((s) => s.trim() || undefined)
    .optional()
    .meta({ description: 'Words of the comment, in any inflection, or the text as typed.' }),
  term: text(100).optional().meta({ description: 'A term as the terms list writes it.' }),
  theme: text(100).optional().meta({ description: "A theme's id." }),
};

export const pagesQuery = z.object({
  ...range,
  sort: z
    .enum(pageSorts, `must be ${pageSorts.slice(0, -1).join(', ')} or ${pageSorts.at(-1)}`)
    .default('no')
    .meta({ description: 'Most "no" first (default), most answers, share of "no", path, views, "no" per 1000 views.' }),
  pathPrefix,
  limit: limit(50),
  cursor,
});

export const summaryQuery = z.object({
  ...range,
  path: text(2048).meta({ description: "The page's path." }),
  interval: z
    .enum(['day', 'week', 'month'], 'must be day, week or month')
    .default('day')
    .meta({ description: 'The buckets of the series, in Europe/Oslo (at most 1 200).' }),
});

export const filtersQuery = z.object(filters);
export const feedbackQuery = z.object({ ...filters, limit: limit(50), cursor });
export const termsQuery = z.object({
  ...filters,
  limit: limit(20),
  compare: z
    .enum(['previous'], 'must be previous')
    .optional()
    .meta({ description: "`previous` adds each term's count in the period of equal length before (needs from)." }),
});
export const csvQuery = z.object({
  ...filters,
  sep: z
    .enum([',', ';'], 'must be , or ;')
    .default(',')
    .meta({ description: 'The separator: `;` for Excel in Norwegian.' }),
});
export const statusBody = z.object({ status });
export const auditQuery = z.object({ limit: limit(50), cursor });

/** Parses a query or body; a bad value is Invalid naming each field, and from after to is too. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new Invalid('The request has values that cannot be used.', fieldErrors(result.error));
  const value = result.data as { from?: string; to?: string };
  if (value.from && value.to && value.from > value.to)
    throw Invalid.field('from', 'must not be after to', 'from must not be after to.');
  return result.data;
}

/** A feedback id from a URL; anything that is not a UUID is simply not there. */
export function feedbackIdOf(value: unknown): string {
  if (!isUuid(value)) throw new NotFound('There is no such feedback on this site.');
  return value.toLowerCase();
}
