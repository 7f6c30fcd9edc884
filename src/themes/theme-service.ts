import { randomUUID } from 'node:crypto';
import type { Credential } from '../accounts/credential.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import type { FeedbackFilters } from '../reports/report.ts';
import { themeWordPattern } from '../terms/terms.ts';
import type { Suggester } from './suggester.ts';
import type { ThemeCount } from './theme.ts';
import { maxSiteWords, maxThemes } from './theme-query.ts';
import type { ThemeStore, ThemeWords } from './theme-store.ts';

const noTheme = () => new NotFound('There is no such theme on this site.');
const withPatterns = (words: string[]): ThemeWords => ({
  words,
  patterns: words.map(themeWordPattern).filter((p) => p !== undefined),
});

/** Themes: the built-in two and those admins make, each a name and words; and the themes editors put comments in. */
export class ThemeService {
  constructor(
    private readonly store: ThemeStore,
    private readonly suggester: Suggester,
    private readonly audit: AuditLog,
  ) {}

  /** Every theme of the site with how many comments under the filters are in it, and how many of them were "no". */
  async list(siteId: string, filters: FeedbackFilters): Promise<ThemeCount[]> {
    const [themes, counts] = await Promise.all([this.store.list(siteId), this.store.counts(siteId, filters)]);
    return themes.map((theme) => ({ ...theme, ...(counts.get(theme.id) ?? { comments: 0, no: 0 }) }));
  }

  /** Refuses what would take the site beyond its bounds (see maxSiteWords). */
  private async withinBounds(siteId: string, words: number, except?: string): Promise<void> {
    const size = await this.store.size(siteId, except);
    if (except === undefined && size.themes >= maxThemes)
      throw new Conflict(`A site may have at most ${maxThemes} themes.`);
    if (size.words + words > maxSiteWords)
      throw Invalid.field(
        'words',
        `must keep the site's themes at ${maxSiteWords} words or fewer`,
        `The site's themes may hold at most ${maxSiteWords} words together; they hold ${size.words} besides these.`,
      );
  }

  async create(siteId: string, input: { name: string; words: string[] }, by: Credential): Promise<string> {
    await this.withinBounds(siteId, input.words.length);
    const id = randomUUID();
    await this.store.insert(siteId, { id, name: input.name, ...withPatterns(input.words) });
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'theme.create',
      target: id,
      details: { name: input.name, words: input.words.length },
    });
    return id;
  }

  async update(
    siteId: string,
    id: string,
    input: { name?: string | undefined; words?: string[] | undefined },
    by: Credential,
  ) {
    const changed = await this.store.update(siteId, id, {
      name: input.name,
      ...(input.words ? withPatterns(input.words) : {}),
    });
    if (!changed) throw noTheme();
    // Comments in the theme by words are not learnt from; they may have changed.
    if (input.words) await this.suggester.relearn(siteId);
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'theme.update',
      target: id,
      details: { ...(input.name ? { name: input.name } : {}), ...(input.words ? { words: input.words.length } : {}) },
    });
  }

  async delete(siteId: string, id: string, by: Credential): Promise<void> {
    const theme = await this.store.get(siteId, id);
    if (!theme) throw noTheme();
    if (theme.builtin) throw new Conflict('A built-in theme can be changed, not deleted.');
    if (!(await this.store.delete(siteId, id))) throw noTheme();
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'theme.delete',
      target: id,
      details: { name: theme.name },
    });
  }

  /**
   * Puts a comment in the themes an editor chose (see ThemeStore.setEditorThemes), and learns from the choice before
   * answering, so that the next comment stored is scored with it.
   */
  async setFeedbackThemes(siteId: string, feedbackId: string, themeIds: string[], by: Credential): Promise<void> {
    const known = new Set((await this.store.list(siteId)).map((t) => t.id));
    const unknown = themeIds.findIndex((id) => !known.has(id));
    if (unknown >= 0)
      throw Invalid.field(`themes.${unknown}`, 'is not a theme of this site', 'There is no such theme.');
    const outcome = await this.store.setEditorThemes(siteId, feedbackId, themeIds);
    if (outcome === 'none') throw new NotFound('There is no such feedback on this site.');
    if (outcome === 'no comment')
      throw Invalid.field('themes', 'needs a comment', 'Only an answer with a comment can be put in a theme.');
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'feedback.themes',
      target: feedbackId,
      details: { themes: themeIds },
    });
    await this.suggester.relearn(siteId);
  }

  /**
   * One click of an editor on one theme of a comment: `add` puts it in the theme (or accepts the suggestion),
   * `remove` takes it out (or rejects the suggestion); a theme by words stays. Then learns from it, as a PUT does.
   */
  async changeFeedbackTheme(
    siteId: string,
    feedbackId: string,
    change: { theme: string; action: 'add' | 'remove' },
    by: Credential,
  ): Promise<void> {
    if (!(await this.store.get(siteId, change.theme))) throw Invalid.field('theme', 'is not a theme of this site');
    const changed = await this.store.setTheme(
      siteId,
      feedbackId,
      change.theme,
      change.action === 'add' ? 'editor' : 'rejected',
    );
    if (!changed) return;
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'feedback.themes',
      target: feedbackId,
      details: { [change.action]: change.theme },
    });
    await this.suggester.relearn(siteId);
  }
}
