import { z } from 'zod';
import { Problem, fieldErrors } from '../http/problem.ts';
import { firstDay, isCalendarDate, lastDay } from './oslo-dates.ts';

const day = z.string().refine(isCalendarDate, `must be a date YYYY-MM-DD from ${firstDay} to ${lastDay}`);
const yesNo = z.enum(['true', 'false', 'yes', 'no', 'ja', 'nei'], 'must be true or false').transform((v) => ['true', 'yes', 'ja'].includes(v));
const limit = (fallback: number) => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(1, 'must be at least 1').max(500, 'must be at most 500')).default(fallback);
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const range = { from: day.optional(), to: day.optional() };
const filters = {
  ...range,
  path: text(2048).optional(),
  pathPrefix: text(2048).optional(),
  found: yesNo.optional(),
  hasComment: yesNo.optional(),
  status: z.enum(['new', 'read', 'done', 'spam'], 'must be new, read, done or spam').optional(),
  q: text(200).transform((s) => s.trim() || undefined).optional(),
};

export const pagesQuery = z.object({
  ...range,
  sort: z.enum(['no', 'total', 'share', 'path'], 'must be no, total, share or path').default('no'),
  pathPrefix: text(2048).optional(),
  limit: limit(50),
  cursor: z.string().max(200, 'is not valid').optional(),
});

export const summaryQuery = z.object({
  ...range,
  path: text(2048),
  interval: z.enum(['day', 'week', 'month'], 'must be day, week or month').default('day'),
});

export const feedbackQuery = z.object({ ...filters, limit: limit(50), cursor: z.string().max(200, 'is not valid').optional() });
export const csvQuery = z.object({ ...filters, sep: z.enum([',', ';'], 'must be , or ;').default(',') });
export const statusBody = z.object({ status: z.enum(['new', 'read', 'done', 'spam'], 'must be new, read, done or spam') });

/** Parses a query or body; a bad value is a 400 naming each field, and from after to is one too. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new Problem(400, 'The request has values that cannot be used.', { errors: fieldErrors(result.error) });
  const value = result.data as { from?: string; to?: string };
  if (value.from && value.to && value.from > value.to) {
    throw new Problem(400, 'from must not be after to.', { errors: [{ field: 'from', message: 'must not be after to' }] });
  }
  return result.data;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A feedback id from a URL; anything that is not a UUID is simply not there (404). */
export function feedbackIdOf(value: unknown): string {
  const id = String(value ?? '').toLowerCase();
  if (!uuidPattern.test(id)) throw new Problem(404, 'There is no such feedback on this site.');
  return id;
}

/** An audit page's cursor: the id of the entry to continue after, a whole number within what ids reach. */
export function auditCursorOf(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^[1-9]\d{0,14}$/.test(value)) return value;
  throw new Problem(400, 'The cursor is not one this service gave out.', { errors: [{ field: 'cursor', message: 'is not valid' }] });
}
