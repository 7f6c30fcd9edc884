import type { Knex } from 'knex';
import { type Db, inTime } from '../db.ts';
import { Conflict } from '../errors.ts';
import { applyFilters, inRange, startingWith } from '../reports/feedback-filters.ts';
import type { FeedbackFilters } from '../reports/report.ts';
import type { Theme } from './theme.ts';

/** Counts read from the comments may take this long before the request gives up (503). */
const readingMs = 10_000;
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';
const nameTaken = () => new Conflict('The site has a theme with that name already.');

/** A theme's words with their patterns over the comments' stems (see themeWordPattern). */
export interface ThemeWords {
  words: string[];
  patterns: string[];
}

/** Themes and which comments are in them: all their SQL. */
export class ThemeStore {
  constructor(private readonly db: Db) {}

  async list(siteId: string): Promise<Theme[]> {
    return this.db('themes')
      .where('site_id', siteId)
      .orderBy([{ column: 'builtin', order: 'desc' }, { column: 'name' }])
      .select('id', 'name', 'words', 'builtin');
  }

  /** How many themes the site has and how many words they hold, leaving out the theme `except`. */
  async size(siteId: string, except?: string): Promise<{ themes: number; words: number }> {
    const row = await this.db('themes')
      .where('site_id', siteId)
      .modify((q) => {
        if (except !== undefined) q.whereNot('id', except);
      })
      .first(this.db.raw('count(*)::int as themes'), this.db.raw('coalesce(sum(cardinality(words)), 0)::int as words'));
    return { themes: Number(row?.themes ?? 0), words: Number(row?.words ?? 0) };
  }

  async get(siteId: string, id: string): Promise<Theme | undefined> {
    return this.db('themes').where({ site_id: siteId, id }).first('id', 'name', 'words', 'builtin');
  }

  /** Adds a theme and puts in it the comments its words match. */
  async insert(siteId: string, theme: { id: string; name: string } & ThemeWords): Promise<void> {
    await this.db
      .transaction(async (trx) => {
        await trx('themes').insert({ site_id: siteId, ...theme });
        await this.matchWords(trx, siteId, theme.id, theme.patterns);
      })
      .catch((err) => {
        throw isUniqueViolation(err) ? nameTaken() : err;
      });
  }

  /** Changes a theme's name or words (its comments by words follow); false when the site has no such theme. */
  async update(siteId: string, id: string, fields: { name?: string | undefined } & Partial<ThemeWords>) {
    return this.db
      .transaction(async (trx) => {
        const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        const updated = Object.keys(changes).length
          ? await trx('themes').where({ site_id: siteId, id }).update(changes)
          : await trx('themes')
              .where({ site_id: siteId, id })
              .count({ n: '*' })
              .first()
              .then((r) => Number(r?.n));
        if (updated === 1 && fields.patterns) await this.matchWords(trx, siteId, id, fields.patterns);
        return updated === 1;
      })
      .catch((err) => {
        throw isUniqueViolation(err) ? nameTaken() : err;
      });
  }

  /** Deletes a theme that is not built in, and every comment's place in it. */
  async delete(siteId: string, id: string): Promise<boolean> {
    const deleted = await this.db('themes').where({ site_id: siteId, id, builtin: false }).delete().returning('id');
    return deleted.length === 1;
  }

  /**
   * The theme's comments by words made again: those its patterns match, whatever they were in it by before, except
   * an editor's choice.
   */
  private async matchWords(trx: Knex.Transaction, siteId: string, id: string, patterns: string[]) {
    await trx('feedback_themes').where({ site_id: siteId, theme_id: id, by: 'words' }).delete();
    if (patterns.length === 0) return;
    await trx.raw(
      `insert into feedback_themes (feedback_id, site_id, theme_id, by, path, created_at, found, spam)
       select f.id, f.site_id, ?, 'words', f.path, f.created_at, f.found, f.status = 'spam'
       from feedback f
       where f.site_id = ? and f.stems like any (?::text[])
       order by f.id
       on conflict (feedback_id, theme_id) do update set by = 'words'
         where feedback_themes.by in ('suggestion', 'rejected')`,
      [id, siteId, patterns],
    );
  }

  /**
   * How many comments under the filters each theme holds, and how many of them were "no" (spam only when the status
   * asks for it). Path, time and answer are kept with each membership; other filters read the comments.
   */
  async counts(siteId: string, filters: FeedbackFilters): Promise<Map<string, { comments: number; no: number }>> {
    const { from, to, path, pathPrefix, found, ...rest } = filters;
    const query = this.db('feedback_themes as ft')
      .where('ft.site_id', siteId)
      .whereNot('ft.by', 'rejected')
      .modify((q) => {
        inRange(q, { from, to }, 'ft.created_at');
        if (path !== undefined) q.where('ft.path', path);
        if (pathPrefix) q.whereRaw(`ft.path like ? escape '\\'`, [startingWith(pathPrefix)]);
        if (found !== undefined) q.where('ft.found', found);
        if (!rest.status) q.where('ft.spam', false);
        if (Object.values(rest).some((v) => v !== undefined))
          q.whereIn(
            'ft.feedback_id',
            this.db('feedback')
              .where('feedback.site_id', siteId)
              .modify((f) => applyFilters(f, rest))
              .select('feedback.id'),
          );
      })
      .groupBy('ft.theme_id')
      .select(
        'ft.theme_id',
        this.db.raw('count(*)::int as comments'),
        this.db.raw('count(*) filter (where not ft.found)::int as no'),
      );
    const rows: { theme_id: string; comments: number; no: number }[] = await inTime(this.db, query, readingMs);
    return new Map(rows.map((r) => [r.theme_id, { comments: r.comments, no: r.no }]));
  }

  /**
   * An editor's themes for a comment: those named are the editor's; suggestions and earlier choices not named are
   * rejected (not suggested again); themes by words stay. 'none' when the site has no such feedback, 'no comment'
   * when it has no comment to put in a theme.
   */
  async setEditorThemes(siteId: string, feedbackId: string, themeIds: string[]) {
    return this.db.transaction(async (trx) => {
      const row = await trx('feedback')
        .where({ site_id: siteId, id: feedbackId })
        .forUpdate()
        .first('path', 'created_at', 'found', 'status', 'stems');
      if (!row) return 'none' as const;
      if (row.stems === null) return 'no comment' as const;
      if (themeIds.length > 0)
        await trx('feedback_themes')
          .insert(
            themeIds.map((id) => ({
              feedback_id: feedbackId,
              site_id: siteId,
              theme_id: id,
              by: 'editor',
              path: row.path,
              created_at: row.created_at,
              found: row.found,
              spam: row.status === 'spam',
            })),
          )
          .onConflict(['feedback_id', 'theme_id'])
          .merge(['by']);
      await trx('feedback_themes')
        .where({ feedback_id: feedbackId })
        .whereIn('by', ['suggestion', 'editor'])
        .whereRaw('not (theme_id = any(?::text[]))', [themeIds])
        .update({ by: 'rejected' });
      return 'set' as const;
    });
  }

  /** One theme of a comment: the editor's (put in it, or a suggestion accepted) or rejected (taken out of it). */
  async setTheme(siteId: string, feedbackId: string, themeId: string, by: 'editor' | 'rejected') {
    const { rows } = await this.db.raw(
      `insert into feedback_themes (feedback_id, site_id, theme_id, by, path, created_at, found, spam)
       select f.id, f.site_id, ?, ?, f.path, f.created_at, f.found, f.status = 'spam'
       from feedback f where f.site_id = ? and f.id = ? and f.stems is not null
       for share of f
       on conflict (feedback_id, theme_id) do update set by = excluded.by
         where feedback_themes.by <> 'words' or excluded.by = 'editor'
       returning 1`,
      [themeId, by, siteId, feedbackId],
    );
    return rows.length > 0;
  }

  /**
   * Learns the site's themes again: what they are learnt from is read and what `learn` makes of it saved in one
   * transaction, holding the site's learning row, so that of two learnings at once (on two instances) the later
   * reads what the earlier saved. Answers the new version and models.
   */
  async learn(
    siteId: string,
    comments: number,
    learn: (set: LearningComment[]) => StoredModel[],
  ): Promise<{ version: number; models: StoredModel[] }> {
    return this.db.transaction(async (trx) => {
      await trx('theme_learning').insert({ site_id: siteId, version: 0 }).onConflict('site_id').ignore();
      const row = await trx('theme_learning').where('site_id', siteId).forUpdate().first('version');
      const version = Number(row?.version ?? 0) + 1;
      const models = learn(await this.learningSet(trx, siteId, comments));
      await trx('theme_learning').where('site_id', siteId).update({ version });
      await trx('theme_models').where('site_id', siteId).delete();
      if (models.length)
        await trx('theme_models').insert(
          models.map((m) => ({ site_id: siteId, ...m, weights: JSON.stringify(m.weights) })),
        );
      return { version, models };
    });
  }

  /**
   * What fantdu learns the site's themes from: the newest `limit` comments editors put in a theme or took out of
   * one, and the site's newest `limit` other comments (not spam), each with its terms and its themes and how.
   */
  private async learningSet(db: Db, siteId: string, limit: number): Promise<LearningComment[]> {
    const { rows } = await db.raw(
      `with chosen as (
         select feedback_id as id from feedback_themes
         where site_id = ? and by in ('editor', 'rejected') and not spam
         group by feedback_id order by max(created_at) desc limit ?
       ), recent as (
         select id from feedback
         where site_id = ? and terms is not null and status <> 'spam'
         order by created_at desc limit ?
       )
       select f.id, f.terms,
              coalesce((select json_object_agg(ft.theme_id, ft.by) from feedback_themes ft where ft.feedback_id = f.id),
                       '{}') as themes
       from feedback f
       where f.id in (select id from chosen union select id from recent) and f.terms is not null`,
      [siteId, limit, siteId, limit],
    );
    return rows as LearningComment[];
  }

  /** What was learnt of the site's themes, and its version (0 before anything was), read as one. */
  async learning(siteId: string): Promise<{ version: number; models: StoredModel[] }> {
    const { rows } = await inTime(
      this.db,
      this.db.raw(
        `select l.version,
                coalesce(json_agg(json_build_object('theme_id', m.theme_id, 'weights', m.weights, 'other', m.other,
                                                    'threshold', m.threshold, 'recall', m.recall,
                                                    'positives', m.positives))
                           filter (where m.theme_id is not null), '[]') as models
         from theme_learning l left join theme_models m on m.site_id = l.site_id
         where l.site_id = ?
         group by l.version`,
        [siteId],
      ),
    );
    const row = rows[0] as { version: string | number; models: StoredModel[] } | undefined;
    return { version: Number(row?.version ?? 0), models: row?.models ?? [] };
  }

  /** Up to `limit` of the site's comments after the id `after` (in id order), with their terms. */
  async commentsAfter(siteId: string, after: string | undefined, limit: number) {
    return this.db('feedback')
      .where('site_id', siteId)
      .whereNotNull('terms')
      .modify((q) => {
        if (after) q.where('id', '>', after);
      })
      .orderBy('id')
      .limit(limit)
      .select<{ id: string; terms: string[] }[]>('id', 'terms');
  }

  /**
   * Adds suggestions; a comment already in the theme (or taken out of it by an editor) keeps that. The pairs come as
   * two arrays, whose length the planner reads (a JSON list it takes for 100 rows, and so read every feedback row
   * to join a few).
   */
  async addSuggestions(suggestions: Suggestion[], db: Db = this.db): Promise<void> {
    if (suggestions.length === 0) return;
    await inTime(
      db,
      db.raw(
        `insert into feedback_themes (feedback_id, site_id, theme_id, by, path, created_at, found, spam)
         select f.id, f.site_id, s.theme_id, 'suggestion', f.path, f.created_at, f.found, f.status = 'spam'
         from unnest(?::uuid[], ?::text[]) as s (feedback_id, theme_id)
         join feedback f on f.id = s.feedback_id
         join themes t on t.site_id = f.site_id and t.id = s.theme_id
         order by 1, 3
         for share of f
         on conflict (feedback_id, theme_id) do nothing`,
        [suggestions.map((s) => s.feedback_id), suggestions.map((s) => s.theme_id)],
      ),
    );
  }

  /**
   * The suggestions for a batch of the site's comments made again, if the learning they come from is still the
   * latest; false when a newer one has come.
   */
  async replaceSuggestions(siteId: string, ids: string[], suggestions: Suggestion[], version: number) {
    return this.db.transaction(async (trx) => {
      const current = await trx('theme_learning').where('site_id', siteId).forShare().first('version');
      if (Number(current?.version ?? 0) !== version) return false;
      // The comments first, in id order, as an editor's choice locks its comment before its themes: no deadlock.
      await trx.raw('select 1 from feedback where id = any(?::uuid[]) order by id for key share', [ids]);
      await trx('feedback_themes')
        .where({ site_id: siteId, by: 'suggestion' })
        .whereRaw('feedback_id = any(?::uuid[])', [ids])
        .delete();
      await this.addSuggestions(suggestions, trx);
      return true;
    });
  }
}

/** A comment as learning sees it: its terms, and its themes with what put it in each (or rejected it). */
export interface LearningComment {
  id: string;
  terms: string[];
  themes: Record<string, 'words' | 'editor' | 'suggestion' | 'rejected'>;
}

/** A theme's model as the database keeps it. */
export interface StoredModel {
  theme_id: string;
  weights: Record<string, number>;
  other: number;
  threshold: number;
  recall: number;
  positives: number;
}

export interface Suggestion {
  feedback_id: string;
  theme_id: string;
}
