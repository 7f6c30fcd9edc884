import { readFileSync } from 'node:fs';
import type { Logger } from '../log.ts';
import { projectRoot } from '../paths.ts';
import { termsOf } from '../terms/terms.ts';
import { learnTheme, score, type ThemeModel } from './naive-bayes.ts';
import type { LearningComment, StoredModel, Suggestion, ThemeStore } from './theme-store.ts';

/** The newest comments learning takes as the rest of the site, beside every comment editors chose for. */
const background = 2000;
/** A site with fewer comments of its own than this learns with fantdu's own comments as the rest too. */
const fewComments = 500;
/** Comments of the kind citizens leave (src/themes/background.txt), as terms. */
let shipped: string[][] | undefined;
const shippedBackground = () => {
  shipped ??= readFileSync(new URL('src/themes/background.txt', projectRoot), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => termsOf(line).terms);
  return shipped;
};
const batchSize = 2000;

type Learnt = { version: number; models: (ThemeModel & { themeId: string })[]; loadedAt: number };

const fromStored = (m: StoredModel): ThemeModel & { themeId: string } => ({
  themeId: m.theme_id,
  weights: new Map(Object.entries(m.weights)),
  other: m.other,
  threshold: m.threshold,
  recall: m.recall,
  positives: m.positives,
});

/**
 * Suggestions: fantdu learns each theme from the comments editors put in it (naive-bayes.ts), again whenever an
 * editor chooses, and suggests it for comments that are not in it. A new comment is scored as it is stored, with the
 * models this instance holds (read again every few seconds, so another instance's learning is seen soon); the
 * comments already stored are scored again in the background after each learning, a batch at a time.
 */
export class Suggester {
  private readonly learnt = new Map<string, Learnt>();
  private stopped = false;
  private readonly passes = new Map<string, { again: boolean; done: Promise<void> }>();
  /** Learnings of a site in this instance, one after the other, so that the last saved is of the latest choices. */
  private readonly learning = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ThemeStore,
    private readonly log: Logger,
    private readonly maxAgeMs = 5000,
  ) {}

  /** Learns the site's themes again from what editors chose, then suggests anew for its stored comments. */
  relearn(siteId: string): Promise<void> {
    const previous = this.learning.get(siteId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.learn(siteId));
    this.learning.set(siteId, next);
    const forget = () => {
      if (this.learning.get(siteId) === next) this.learning.delete(siteId);
    };
    next.then(forget, forget);
    return next;
  }

  private async learn(siteId: string): Promise<void> {
    const comments = await this.store.learningSet(siteId, background);
    const themeIds = new Set(comments.flatMap((c) => Object.keys(c.themes)));
    const models: StoredModel[] = [];
    for (const themeId of themeIds) {
      const chosen = comments.filter((c) => c.themes[themeId] === 'editor').map((c) => c.terms);
      // Kept out of the theme: taken out of it, or put by an editor in another and not in it.
      const rejected = comments
        .filter((c) => c.themes[themeId] === 'rejected' || (!c.themes[themeId] && chose(c)))
        .map((c) => c.terms);
      const rest = comments.filter((c) => !c.themes[themeId] && !chose(c)).map((c) => c.terms);
      if (comments.length < fewComments) rest.push(...shippedBackground());
      const model = learnTheme({ chosen, rejected, rest });
      if (model)
        models.push({
          theme_id: themeId,
          weights: Object.fromEntries(model.weights),
          other: model.other,
          threshold: model.threshold,
          recall: model.recall,
          positives: model.positives,
        });
    }
    const version = await this.store.saveLearning(siteId, models);
    this.learnt.set(siteId, { version, models: models.map(fromStored), loadedAt: Date.now() });
    this.suggestStored(siteId);
  }

  /** Suggests themes for a comment just stored (never fails the post: a failure is logged). */
  async suggestFor(comment: { id: string; siteId: string; comment: string | null }): Promise<void> {
    if (comment.comment === null) return;
    try {
      const { models } = await this.models(comment.siteId);
      if (models.length === 0) return;
      const { terms } = termsOf(comment.comment);
      await this.store.addSuggestions(suggestionsFor(models, comment.id, terms));
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message }, site: comment.siteId }, 'suggesting themes failed');
    }
  }

  /** Resolves when no background scoring is under way (for tests). */
  async idle(): Promise<void> {
    while (this.passes.size > 0) await Promise.all([...this.passes.values()].map((p) => p.done));
  }

  /** Stops background scoring after the batch under way (at shutdown; the next learning scores them all again). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  private async models(siteId: string): Promise<Learnt> {
    const held = this.learnt.get(siteId);
    if (held && Date.now() - held.loadedAt < this.maxAgeMs) return held;
    const { version, models } = await this.store.learning(siteId);
    const fresh = { version, models: models.map(fromStored), loadedAt: Date.now() };
    this.learnt.set(siteId, fresh);
    return fresh;
  }

  /** Scores the site's stored comments again in the background; one pass at a time, another after if asked. */
  private suggestStored(siteId: string): void {
    const running = this.passes.get(siteId);
    if (this.stopped) return;
    if (running) {
      running.again = true;
      return;
    }
    const pass = { again: false, done: Promise.resolve() };
    pass.done = (async () => {
      do {
        pass.again = false;
        try {
          await this.scoreStored(siteId);
        } catch (err) {
          this.log.warn({ err: { message: (err as Error).message }, site: siteId }, 'suggesting themes failed');
        }
      } while (pass.again);
      this.passes.delete(siteId);
    })();
    this.passes.set(siteId, pass);
  }

  private async scoreStored(siteId: string): Promise<void> {
    const { version, models } = await this.models(siteId);
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.commentsAfter(siteId, after, batchSize);
      const suggestions = batch.flatMap((c) => suggestionsFor(models, c.id, c.terms));
      const ids = batch.map((c) => c.id);
      if (!(await this.store.replaceSuggestions(siteId, ids, suggestions, version))) return;
      if (batch.length < batchSize || this.stopped) return;
      after = ids.at(-1);
    }
  }
}

/** Whether an editor has put the comment in a theme. */
const chose = (c: LearningComment) => Object.values(c.themes).includes('editor');

function suggestionsFor(models: readonly (ThemeModel & { themeId: string })[], id: string, terms: string[]) {
  const suggestions: Suggestion[] = [];
  for (const model of models)
    if (score(model, terms) > model.threshold) suggestions.push({ feedback_id: id, theme_id: model.themeId });
  return suggestions;
}
