import type { Answers } from '../reports/significance.ts';

/** Answers over Oslo days `from` to `to`, both inclusive. */
export interface DayWindow extends Answers {
  from: string;
  to: string;
}

/**
 * A page whose share of "no" over the 7 days up to `at` is above that of the 28 days before beyond chance: `p` is
 * how likely a rise this large would be by chance alone.
 */
export interface Alert {
  path: string;
  kind: 'spike';
  at: string;
  recent: DayWindow;
  baseline: DayWindow;
  p: number;
}
