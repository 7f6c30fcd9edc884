import { type Answers, chanceOfRise } from '../reports/significance.ts';

/** The recent window: the 7 days up to the day of the alert. */
export const recentDays = 7;
/** The baseline: the 28 days before the recent window. */
export const baselineDays = 28;
/** A page with fewer answers than this in the recent window never alerts. */
export const minRecentAnswers = 10;
/** The level of the one-sided test: a rise this unlikely by chance is a spike. */
export const spikeLevel = 0.01;

/** How likely the recent share of "no" is by chance when it is a spike (below spikeLevel); else undefined. */
export function spikeChance(baseline: Answers, recent: Answers): number | undefined {
  if (recent.yes + recent.no < minRecentAnswers) return undefined;
  const p = chanceOfRise(baseline, recent);
  return p < spikeLevel ? p : undefined;
}
