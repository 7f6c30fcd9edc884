import type { Answers } from '../reports/significance.ts';

/** A page change: when a page was changed, and the editor's or the CMS's note on what changed. */
export interface Change {
  id: string;
  path: string;
  at: string;
  note: string;
}

/** Answers over a window of time, `from` inclusive and `to` exclusive (ISO 8601). */
export interface Window extends Answers {
  from: string;
  to: string;
}

/**
 * `better` or `worse`: the share of "no" fell or rose beyond chance; `unclear`: it did not move beyond chance;
 * `too-early`: too few answers after the change to say.
 */
export type Verdict = 'better' | 'worse' | 'unclear' | 'too-early';

export interface JudgedChange extends Change {
  before: Window;
  after: Window;
  verdict: Verdict;
}
