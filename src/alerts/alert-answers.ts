import { z } from 'zod';
import { count } from '../values.ts';
import type { Alert } from './alert.ts';

/** What the alert route answers (described in GET /api/v1/openapi.json; a test holds real answers to it). */

/** Answers over Oslo days `from` to `to`, both included. */
const days = z.strictObject({ yes: count, no: count, from: z.iso.date(), to: z.iso.date() });

export const alert = z
  .strictObject({
    path: z.string(),
    kind: z.literal('spike'),
    at: z.iso.date().meta({ description: 'The last day of the range the page alerted on.' }),
    recent: days,
    baseline: days,
    p: z.number().min(0).max(1).meta({ description: 'How likely a rise this large is by chance alone.' }),
  })
  .meta({
    id: 'Alert',
    description: 'A page whose share of "no" over 7 days rose above that of the 28 days before, beyond chance.',
  }) satisfies z.ZodType<Alert>;

export const alertList = z.strictObject({ items: z.array(alert) });
