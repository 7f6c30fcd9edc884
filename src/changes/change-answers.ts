import { z } from 'zod';
import { count, uuidText } from '../values.ts';
import type { Change, JudgedChange } from './change.ts';

/** What the change routes answer (described in GET /api/v1/openapi.json; a test holds real answers to it). */

const time = z.iso.datetime();

export const change = z
  .strictObject({ id: uuidText, path: z.string(), at: time, note: z.string() })
  .meta({ id: 'Change', description: 'A note that a page was changed.' }) satisfies z.ZodType<Change>;

/** Answers from `from` (included) to `to` (not). */
const window = z.strictObject({ yes: count, no: count, from: time, to: time });

export const judgedChange = z
  .strictObject({
    ...change.shape,
    before: window,
    after: window,
    verdict: z.enum(['better', 'worse', 'unclear', 'too-early']).meta({
      description:
        'The share of "no" fell (better) or rose (worse) beyond chance, did not (unclear), or too few answers ' +
        'came after it to say (too-early).',
    }),
  })
  .meta({
    id: 'JudgedChange',
    description: 'A change with the answers of equal windows before and after it (up to 28 days each).',
  }) satisfies z.ZodType<JudgedChange>;

export const changeList = z.strictObject({ items: z.array(judgedChange) });
export const createdChange = z.strictObject({ id: uuidText });
