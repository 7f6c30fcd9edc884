import type { Knex } from 'knex';
import { termKey } from '../terms/terms.ts';
import type { DateRange, FeedbackFilters } from './report.ts';

/** The feedback filters as SQL, one way for the list, the export, terms and themes. */

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** A LIKE pattern (with escape '\\') for paths that begin with `prefix`. */
export const startingWith = (prefix: string) => `${escapeLike(prefix)}%`;

/** `from` and `to` are Oslo calendar days, both included: [from 00:00, to + 1 day 00:00) in Europe/Oslo. */
export function inRange(q: Knex.QueryBuilder, { from, to }: DateRange, column = 'feedback.created_at'): void {
  if (from) q.whereRaw(`${column} >= (?::date)::timestamp at time zone 'Europe/Oslo'`, [from]);
  if (to) q.whereRaw(`${column} < (?::date + 1)::timestamp at time zone 'Europe/Oslo'`, [to]);
}

/** The feedback filters as conditions on `feedback` (the list, the export, and terms read from the comments). */
export function applyFilters(q: Knex.QueryBuilder, f: FeedbackFilters): void {
  inRange(q, f);
  if (f.path !== undefined) q.where('feedback.path', f.path);
  if (f.pathPrefix) q.whereRaw(`feedback.path like ? escape '\\'`, [startingWith(f.pathPrefix)]);
  if (f.found !== undefined) q.where('feedback.found', f.found);
  if (f.hasComment !== undefined)
    q.where((w) => (f.hasComment ? w.whereNotNull('feedback.comment') : w.whereNull('feedback.comment')));
  if (f.status) q.where('feedback.status', f.status);
  if (f.term !== undefined) q.whereRaw('feedback.terms @> ?::text[]', [[termKey(f.term)]]);
  if (f.theme !== undefined)
    q.whereExists((e) =>
      e
        .from('feedback_themes as ft')
        .whereRaw('ft.feedback_id = feedback.id')
        .where('ft.theme_id', f.theme as string)
        .whereNot('ft.by', 'rejected'),
    );
  const text = f.q;
  if (text) {
    // Words in any form (Norwegian stemming), or the text as typed anywhere in the comment.
    q.where((w) =>
      w
        .whereRaw(`feedback.comment ilike ? escape '\\'`, [`%${escapeLike(text)}%`])
        .orWhereRaw(
          `to_tsvector('norwegian', coalesce(feedback.comment, '')) @@ websearch_to_tsquery('norwegian', ?)`,
          [text],
        ),
    );
  }
}
