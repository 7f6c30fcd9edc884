/** Answers counted over a window. */
export interface Answers {
  yes: number;
  no: number;
}

/** The standard normal distribution's upper tail, P(Z > z) (Abramowitz and Stegun 7.1.26; error below 1.5e-7). */
function upperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * How likely a share of "no" at least this far above `baseline`'s would be in `recent` if both windows had the same
 * share (a one-sided two-proportion z-test, pooled). 1 when either window has no answers or neither share can move.
 */
export function chanceOfRise(baseline: Answers, recent: Answers): number {
  const n1 = baseline.yes + baseline.no;
  const n2 = recent.yes + recent.no;
  if (n1 === 0 || n2 === 0) return 1;
  const pooled = (baseline.no + recent.no) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  return upperTail((recent.no / n2 - baseline.no / n1) / se);
}

export const shareOfNo = ({ yes, no }: Answers): number | null => (yes + no ? no / (yes + no) : null);
