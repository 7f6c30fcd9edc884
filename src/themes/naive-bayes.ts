/**
 * Learning a theme from the comments editors put in it: a multinomial naive Bayes over the comments' terms, one theme
 * against the rest (as Canada's page feedback tool does). Each class's term probabilities are smoothed towards the
 * site's own (Dirichlet smoothing) rather than by adding one: a theme with eight comments would otherwise make every
 * rare word of an unrelated comment count for it. A term of the theme's comments that the rest seldom use weighs for
 * it; any other term weighs a little against, as much as one the rest used once.
 *
 * The threshold is measured, not guessed: every comment of the training is scored as if it had been left out (leave
 * one out, exact and cheap with counts); the threshold is set so that at most a tenth of the site's other comments
 * and a twentieth of those editors kept out of the theme would be suggested, and the theme is learnt only if at least
 * half of the editors' own comments would then be. Measured on the tests' comments (test/unit/naive-bayes.test.ts).
 */

export interface ThemeModel {
  /** The weight (log-likelihood ratio) of each term of the theme's comments. */
  weights: Map<string, number>;
  /** The weight of every other term. */
  other: number;
  /** A comment whose weights add up to more than this is suggested. */
  threshold: number;
  /** The share of the editors' comments that, left out, scored above the threshold. */
  recall: number;
  positives: number;
}

export const minPositives = 5;
const minRecall = 0.5;
/** Never below this, whatever the held-out scores: a likelihood ratio of about 7 to 1. */
const minThreshold = 2;
/** At most this share of the site's other comments is suggested: a theme is a part of what people say. */
const maxRestShare = 0.1;
/** With this many comments editors kept out of a theme, at most this share of them would be suggested. */
const minRejected = 10;
const maxRejectedShare = 0.05;

type Counts = Map<string, number>;

/**
 * What a comment is scored by: its words (terms of one word; phrases are too rare to learn from) and the first five
 * letters of each, so that the compounds Norwegian makes of one word meet (brøytebilen, brøytemannskapet and brøyting
 * all begin "brøyt").
 */
export function features(terms: readonly string[]): string[] {
  const out = new Set<string>();
  for (const term of terms) {
    if (term.includes(' ')) continue;
    out.add(term);
    if (term.length >= 5) out.add(`${term.slice(0, 5)}*`);
  }
  return [...out];
}

function count(docs: readonly (readonly string[])[]): { counts: Counts; total: number } {
  const counts: Counts = new Map();
  let total = 0;
  for (const doc of docs)
    for (const term of doc) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      total++;
    }
  return { counts, total };
}

/** The weights' arithmetic, with room to leave one comment out of one class. */
class Tally {
  private readonly vocabulary: number;
  private readonly total: number;
  private readonly strength: number;

  constructor(
    private readonly theme: { counts: Counts; total: number },
    private readonly rest: { counts: Counts; total: number },
  ) {
    this.vocabulary = new Set([...theme.counts.keys(), ...rest.counts.keys()]).size;
    this.total = theme.total + rest.total;
    // As strong as the theme's own evidence: a term the theme never used gets half the share the site gives it.
    this.strength = Math.max(theme.total, 10);
  }

  /** The weight of a term, with `out` (one comment's terms, of the theme or the rest) taken out of the counts. */
  weight(term: string, out?: { fromTheme: boolean; size: number }): number {
    const inTheme = (this.theme.counts.get(term) ?? 0) - (out?.fromTheme ? 1 : 0);
    if (inTheme <= 0 && term.endsWith('*')) return 0;
    const inRest = inTheme > 0 ? (this.rest.counts.get(term) ?? 0) - (out && !out.fromTheme ? 1 : 0) : 1;
    return this.ratio(Math.max(inTheme, 0), inRest, out);
  }

  /** The weight of a term the theme never used. */
  other(): number {
    return this.ratio(0, 1);
  }

  private ratio(inTheme: number, inRest: number, out?: { fromTheme: boolean; size: number }): number {
    const size = out?.size ?? 0;
    const site = (inTheme + inRest + 1) / (this.total - size + this.vocabulary);
    const themeTotal = this.theme.total - (out?.fromTheme ? size : 0);
    const restTotal = this.rest.total - (out && !out.fromTheme ? size : 0);
    const pTheme = (inTheme + this.strength * site) / (themeTotal + this.strength);
    const pRest = (inRest + this.strength * site) / (restTotal + this.strength);
    return Math.log(pTheme / pRest);
  }

  /** A comment's score as if it had not been in the training. */
  leftOut(doc: readonly string[], fromTheme: boolean): number {
    let score = 0;
    for (const term of doc) score += this.weight(term, { fromTheme, size: doc.length });
    return score;
  }
}

/** The score above which at most `share` of the scores lie. */
function above(scores: number[], share: number): number {
  const sorted = [...scores].sort((x, y) => y - x);
  return sorted[Math.floor(sorted.length * share)] ?? Number.NEGATIVE_INFINITY;
}

/**
 * The model of one theme, or undefined when the editors' comments are too few or it would not be confident. `chosen`
 * are the comments editors put in the theme, `rejected` those they took out of it or put in another, `rest` the
 * site's other comments (some of which may belong in the theme: nobody has looked); each as its features.
 */
export function learnTheme({
  chosen,
  rejected,
  rest,
}: {
  chosen: string[][];
  rejected: string[][];
  rest: string[][];
}): ThemeModel | undefined {
  if (chosen.length < minPositives || rejected.length + rest.length === 0) return undefined;
  const tally = new Tally(count(chosen), count([...rejected, ...rest]));
  const leftOut = (docs: string[][], fromTheme: boolean) => docs.map((doc) => tally.leftOut(doc, fromTheme));
  const threshold = Math.max(
    minThreshold,
    above(leftOut(rest, false), maxRestShare),
    rejected.length >= minRejected ? above(leftOut(rejected, false), maxRejectedShare) : Number.NEGATIVE_INFINITY,
  );
  const recall = leftOut(chosen, true).filter((score) => score > threshold).length / chosen.length;
  if (recall < minRecall) return undefined;
  const weights = new Map<string, number>();
  for (const feature of new Set(chosen.flat())) weights.set(feature, tally.weight(feature));
  return { weights, other: tally.other(), threshold, recall, positives: chosen.length };
}

/** A comment's score by its features: above the model's threshold, it is suggested. */
export function score(model: Pick<ThemeModel, 'weights' | 'other'>, featuresOfComment: readonly string[]): number {
  let total = 0;
  for (const feature of featuresOfComment) total += model.weights.get(feature) ?? otherWeight(model, feature);
  return total;
}

/** A word the theme never used weighs against it; a beginning it never used says nothing more. */
const otherWeight = (model: Pick<ThemeModel, 'other'>, feature: string) => (feature.endsWith('*') ? 0 : model.other);
