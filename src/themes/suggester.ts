import { readFileSync } from 'node:fs';
import { GroupCommit } from '../intake/group-commit.ts';
import type { Logger } from '../log.ts';
import { projectRoot } from '../paths.ts';
import { termsOf } from '../terms/terms.ts';
import { features, learnTheme, minPositives, score, type ThemeModel } from './naive-bayes.ts';
import type { LearningComment, StoredModel, Suggestion, ThemeStore } from './theme-store.ts';

/** The newest comments learning takes as the rest of the site, and at most as many that editors chose for. */
export const learningComments = 2000;
const batchSize = 2000;
/** A site with fewer comments of its own than this learns with fantdu's own comments as the rest too. */
const fewComments = 500;
/** Comments of the kind citizens leave (src/themes/background.txt), as features. */
let shipped: string[][] | undefined;
const shippedBackground = () => {
  shipped ??= readFileSync(new URL('src/themes/background.txt', projectRoot), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => features(termsOf(line).terms));
  return shipped;
};

type Model = ThemeModel & { themeId: string };
type Learnt = { version: number; models: Model[]; loadedAt: number };

const fromStored = (m: StoredModel): Model => ({
  themeId: m.theme_id,
  weights: new Map(Object.entries(m.weights)),
  other: m.other,
  threshold: m.threshold,
  recall: m.recall,
  positives: m.positives,
});

/** Whether an editor has put the comment in a theme. */
const chose = (c: LearningComment) => Object.values(c.themes).includes('editor');

/** What fantdu learns of each theme that editors have put at least `minPositives` comments in. */
export function learnThemes(comments: LearningComment[]): StoredModel[] {
  const chosenCount = new Map<string, number>();
  for (const c of comments)
    for (const [theme, by] of Object.entries(c.themes))
      if (by === 'editor') chosenCount.set(theme, (chosenCount.get(theme) ?? 0) + 1);
  const learnable = [...chosenCount].filter(([, n]) => n >= minPositives).map(([theme]) => theme);
  if (learnable.length === 0) return [];
  const docs = comments.map((c) => ({ c, features: features(c.terms) }));
  const own = docs.filter((d) => !chose(d.c));
  const background = comments.length < fewComments ? shippedBackground() : [];
  const models: StoredModel[] = [];
  for (const themeId of learnable) {
    const model = learnTheme({
      chosen: docs.filter((d) => d.c.themes[themeId] === 'editor').map((d) => d.features),
      // Kept out of the theme: taken out of it, or put by an editor in another and not in it.
      rejected: docs
        .filter((d) => d.c.themes[themeId] === 'rejected' || (!d.c.themes[themeId] && chose(d.c)))
        .map((d) => d.features),
      rest: [...own.filter((d) => !d.c.themes[themeId]).map((d) => d.features), ...background],
    });
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
  return models;
}

/**
 * Suggestions: fantdu learns each theme from the comments editors put in it (naive-bayes.ts), again whenever an
 * editor chooses, and suggests it for comments that are not in it. A new comment is scored as it is stored, with the
 * models this instance holds (read again every few seconds, so another instance's learning is seen soon); the
 * comments already stored are scored again in the background after each learning, a batch at a time.
 */
export class Suggester {
  private readonly learnt = new Map<string, Learnt>();
  private readonly loading = new Map<string, Promise<Learnt>>();
  private readonly passes = new Map<string, { again: boolean; done: Promise<void> }>();
  /** Per site, the learning under way and the one asked for after it. */
  private readonly learnings = new Map<string, { running: Promise<void>; again?: Promise<void> }>();
  private stopped = false;
  /**
   * Suggestions for a comment just posted, written as the posts are (group commit): those made while a batch is being
   * written go together in the next, one statement for many posts. An import's many comments are written as they are.
   */
  private readonly additions: GroupCommit<Suggestion[], undefined>;

  constructor(
    private readonly store: ThemeStore,
    private readonly log: Logger,
    private readonly maxAgeMs = 5000,
  ) {
    this.additions = new GroupCommit(
      async (lists) => {
        await this.store.addSuggestions(lists.flat());
        return lists.map(() => undefined);
      },
      { items: 'suggestions' },
    );
  }

  /**
   * Learns the site's themes again from what editors chose, then suggests anew for its stored comments. Resolves
   * when a learning that began after this call has finished; choices made while one runs share the next.
   */
  relearn(siteId: string): Promise<void> {
    const state = this.learnings.get(siteId);
    if (!state) return this.startLearning(siteId);
    state.again ??= state.running.catch(() => {}).then(() => this.startLearning(siteId));
    return state.again;
  }

  private startLearning(siteId: string): Promise<void> {
    const running = this.learn(siteId);
    this.learnings.set(siteId, { running });
    const done = () => {
      if (this.learnings.get(siteId)?.running === running) this.learnings.delete(siteId);
    };
    running.then(done, done);
    return running;
  }

  private async learn(siteId: string): Promise<void> {
    const { version, models } = await this.store.learn(siteId, learningComments, learnThemes);
    this.learnt.set(siteId, { version, models: models.map(fromStored), loadedAt: Date.now() });
    this.suggestStored(siteId);
  }

  /** Suggests themes for comments of a site just stored (never fails the post or the import: a failure is logged). */
  async suggestFor(siteId: string, stored: readonly { id: string; comment: string | null }[]): Promise<void> {
    const comments = stored.filter((c): c is { id: string; comment: string } => c.comment !== null);
    if (comments.length === 0) return;
    try {
      const { models } = await this.models(siteId);
      if (models.length === 0) return;
      const suggestions = comments.flatMap((c) => suggestionsFor(models, c.id, features(termsOf(c.comment).terms)));
      if (suggestions.length === 0) return;
      await (comments.length === 1 ? this.additions.add(suggestions) : this.store.addSuggestions(suggestions));
    } catch (err) {
      this.log.warn({ err, site: siteId }, 'suggesting themes failed');
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

  /** The site's models as this instance holds them, read again when older than maxAgeMs (one read at a time). */
  private models(siteId: string): Promise<Learnt> {
    const held = this.learnt.get(siteId);
    if (held && Date.now() - held.loadedAt < this.maxAgeMs) return Promise.resolve(held);
    let loading = this.loading.get(siteId);
    if (!loading) {
      loading = this.store
        .learning(siteId)
        .then(({ version, models }) => {
          const fresh = { version, models: models.map(fromStored), loadedAt: Date.now() };
          this.learnt.set(siteId, fresh);
          return fresh;
        })
        .finally(() => this.loading.delete(siteId));
      this.loading.set(siteId, loading);
    }
    return loading;
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
          this.log.warn({ err, site: siteId }, 'suggesting themes failed');
        }
      } while (pass.again && !this.stopped);
      this.passes.delete(siteId);
    })();
    this.passes.set(siteId, pass);
  }

  private async scoreStored(siteId: string): Promise<void> {
    const { version, models } = await this.models(siteId);
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.commentsAfter(siteId, after, batchSize);
      const suggestions = batch.flatMap((c) => suggestionsFor(models, c.id, features(c.terms)));
      const ids = batch.map((c) => c.id);
      if (!(await this.store.replaceSuggestions(siteId, ids, suggestions, version))) return;
      if (batch.length < batchSize || this.stopped) return;
      after = ids.at(-1);
    }
  }
}

function suggestionsFor(models: readonly Model[], id: string, featuresOfComment: string[]) {
  const suggestions: Suggestion[] = [];
  for (const model of models)
    if (score(model, featuresOfComment) > model.threshold)
      suggestions.push({ feedback_id: id, theme_id: model.themeId });
  return suggestions;
}
