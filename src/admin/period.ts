import { z } from 'zod';
import type { Interval } from '../reports/oslo-dates.ts';
import { addDays } from '../reports/oslo-dates.ts';
import { PageProblem } from './render.ts';
import type { Words } from './words.ts';

/** What the reports cover: the last 7, 30 or 90 days, or days of one's own choosing (both included). */
export const presets = ['7', '30', '90'] as const;
export type PeriodChoice = (typeof presets)[number] | 'own';
export interface Period {
  choice: PeriodChoice;
  from: string;
  to: string;
}

export const periodField = z.enum([...presets, 'own'], 'must be 7, 30, 90 or own').optional();

const lastDays = (days: (typeof presets)[number], today: string): Period => ({
  choice: days,
  from: addDays(today, 1 - Number(days)),
  to: today,
});

/**
 * The form shows the period's dates in its date fields and sends them back as `shown`: dates other than those were
 * typed by the editor, so they win over the preset. Dates without a preset, or "own", are the editor's too.
 * Nothing chosen is the last 30 days.
 */
export function choosePeriod(
  given: {
    period?: PeriodChoice | undefined;
    from?: string | undefined;
    to?: string | undefined;
    shown?: string | undefined;
  },
  today: string,
): Period {
  const typed = (given.from !== undefined || given.to !== undefined) && `${given.from}/${given.to}` !== given.shown;
  if (given.period && given.period !== 'own' && !typed) return lastDays(given.period, today);
  if (given.period !== 'own' && !typed) return lastDays('30', today);
  const to = given.to ?? today;
  const from = given.from ?? addDays(to, -29);
  if (from > to) throw new PageProblem(400, (t) => t.problems.fromAfterTo);
  return { choice: 'own', from, to };
}

export const periodQuery = { period: periodField, shown: z.string().max(30).optional() };

/** The query that chooses the same period again. */
export const periodParams = (period: Period) =>
  period.choice === 'own' ? { period: 'own', from: period.from, to: period.to } : { period: period.choice };

/** `siste 30 dager, 01.11.2026–30.11.2026`, or only the dates of one's own. */
export const periodText = (w: Words, period: Period) =>
  `${period.choice === 'own' ? '' : w.t.period.lastDaysBefore(w.plural(Number(period.choice), w.t.counts.days))}` +
  `${w.day(period.from)}–${w.day(period.to)}`;

const daysIn = (period: Period) => Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000) + 1;

/** Days for up to a quarter, weeks for up to two years, months beyond. */
export const defaultInterval = (period: Period): Interval =>
  daysIn(period) <= 92 ? 'day' : daysIn(period) <= 730 ? 'week' : 'month';
