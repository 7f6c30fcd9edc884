import { type Answers, chanceOfRise } from '../reports/significance.ts';
import type { Verdict } from './change.ts';

/** A change is judged over equal windows before and after it, each at most this long. */
export const windowDays = 28;
/** Fewer answers than this after a change: too early to judge. */
export const minAnswersAfter = 20;
/** The level of each one-sided test: a move this unlikely by chance is a move. */
export const verdictLevel = 0.05;

/**
 * Whether the share of "no" moved after a change: a one-sided two-proportion test in each direction (p < 0.05), and
 * `too-early` before 20 answers have come after it.
 */
export function verdictOf(before: Answers, after: Answers): Verdict {
  if (after.yes + after.no < minAnswersAfter) return 'too-early';
  if (chanceOfRise(after, before) < verdictLevel) return 'better';
  if (chanceOfRise(before, after) < verdictLevel) return 'worse';
  return 'unclear';
}
