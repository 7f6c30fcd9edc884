import type { Knex } from 'knex';
import type { Db } from '../db.ts';
import type { ThemeBy, ThemeMembership } from '../themes/theme.ts';
import type { Status } from '../values.ts';
import type { CountFolding } from './count-fold.ts';
import { applyFilters, startingWith } from './feedback-filters.ts';
import { addDays, bucketStart, type Interval, nextBucket } from './oslo-dates.ts';
import type {
  DateRange,
  FeedbackCursor,
  FeedbackFilters,
  FeedbackItem,
  PageRow,
  PageSort,
  PagesOptions,
} from './report.ts';
import { noPer1000 } from './report.ts';
import { type DayAndMonthCounts, monthsOf, topCandidates } from './top-counts.ts';

/** Answers per page by day and by month, of the pages under a prefix or of all. */
const pageCounts = (pathPrefix: string | undefined): DayAndMonthCounts => ({
  days: 'page_days',
  months: 'page_months',
  key: 'path',
  keyFilter: pathPrefix ? { sql: `path like ? escape '\\'`, bindings: [startingWith(pathPrefix)] } : undefined,
});

/** Daily counts are kept by Oslo calendar day, so a range of days is simply the days from `from` to `to`. */
function onDays(q: Knex.QueryBuilder, { from, to }: DateRange): void {
  if (from) q.where('day', '>=', from);
  if (to) q.where('day', '<=', to);
}

/**
 * "Share" ranks pages by the Wilson lower bound (95%) of their share of "no", so that one "no" out of one answer
 * does not outrank 60 out of 100.
 */
const wilsonNo = `(("no"::float8 / total) + 1.9208 / total
  - 1.96 * sqrt(("no"::float8 / total) * (1 - "no"::float8 / total) / total + 0.9604 / (total::float8 * total)))
  / (1 + 3.8416 / total)`;

const pageOrder: Record<PageSort, string> = {
  no: '"no" desc, total desc, path',
  total: 'total desc, "no" desc, path',
  share: `${wilsonNo} desc, total desc, path`,
  path: 'path',
  views: 'views desc, "no" desc, path',
  noPer1000: '(case when views > 0 then "no" / views end) desc nulls last, views desc, path',
};

/** Sorts that need every page's views before the first row is known. */
const byViews = (sort: PageSort) => sort === 'views' || sort === 'noPer1000';

/**
 * The views of the page `alias.path` over a range, as SQL for a number: the whole months it covers from
 * page_view_months, the days before and after them from page_views (each by its primary key), so that a year costs
 * twelve months and a few days, not 365 days.
 */
function viewsOver(siteId: string, { from, to }: DateRange, alias: string): { sql: string; bindings: string[] } {
  const monthsFrom = from === undefined ? '-infinity' : from.endsWith('-01') ? from : nextMonth(from);
  const monthsTo = to === undefined ? 'infinity' : addDays(to, 1).endsWith('-01') ? addDays(to, 1) : monthOf(to);
  const parts: { sql: string; bindings: string[] }[] = [];
  const days = (lo: string, hi: string) =>
    parts.push({
      sql: `select sum(d.views) from page_views d
            where d.site_id = ? and d.path = ${alias}.path and d.day >= ?::date and d.day <= ?::date`,
      bindings: [siteId, lo, hi],
    });
  if (from !== undefined && to !== undefined && monthsFrom >= monthsTo) days(from, to);
  else {
    parts.push({
      sql: `select sum(m.views) from page_view_months m
            where m.site_id = ? and m.path = ${alias}.path and m.month >= ?::date and m.month < ?::date`,
      bindings: [siteId, monthsFrom, monthsTo],
    });
    if (from !== undefined && from < monthsFrom) days(from, addDays(monthsFrom, -1));
    if (to !== undefined && monthsTo <= to) days(monthsTo, to);
  }
  return {
    sql: `(${parts.map((p) => `coalesce((${p.sql}), 0)`).join(' + ')})::float8`,
    bindings: parts.flatMap((p) => p.bindings),
  };
}

const monthOf = (day: string) => bucketStart(day, 'month');
const nextMonth = (day: string) => nextBucket(monthOf(day), 'month');

type CountedPage = { path: string; yes: number; no: number; total: number; comments: number; last_at: Date };

const toPageRow = (r: CountedPage & { views: number }): PageRow => ({
  path: r.path,
  yes: r.yes,
  no: r.no,
  total: r.total,
  comments: r.comments,
  lastAt: r.last_at.toISOString(),
  views: r.views,
  noPer1000: noPer1000(r.no, r.views),
});

const feedbackColumns = [
  'feedback.id',
  'feedback.path',
  'feedback.found',
  'feedback.comment',
  'feedback.redactions',
  'feedback.status',
  'feedback.lang',
  'feedback.created_at',
];

/** One exported answer, as the database gives it: its time in milliseconds, the kinds removed and themes as text. */
export interface ExportRow {
  id: string;
  ms: number;
  path: string;
  found: boolean;
  comment: string | null;
  redactions: string;
  status: Status;
  lang: string | null;
  /** The names of its themes, or null. */
  themes: string | null;
}

const exportColumns = (db: Db) => [
  'feedback.id',
  'feedback.path',
  'feedback.found',
  'feedback.comment',
  'feedback.status',
  'feedback.lang',
  // A number is read far faster than a timestamp (times are stored to the millisecond).
  db.raw(`round(date_part('epoch', feedback.created_at) * 1000) as ms`),
  db.raw(`array_to_string(feedback.redactions, ' ') as redactions`),
  db.raw(`(select string_agg(t.name, ', ' order by t.name)
           from feedback_themes ft join themes t on t.site_id = ft.site_id and t.id = ft.theme_id
           where ft.feedback_id = feedback.id and ft.by <> 'rejected') as themes`),
];

type FeedbackRow = {
  id: string;
  path: string;
  found: boolean;
  comment: string | null;
  redactions: string[];
  status: Status;
  lang: string | null;
  created_at: Date;
};

const toItem = (r: FeedbackRow): Omit<FeedbackItem, 'themes'> => ({
  id: r.id,
  path: r.path,
  found: r.found,
  comment: r.comment,
  redactions: r.redactions,
  status: r.status,
  lang: r.lang,
  createdAt: r.created_at.toISOString(),
});

/** All the SQL behind the editors' reports. */
export class ReportReadModel {
  constructor(
    private readonly db: Db,
    /** Folded before the counts are read. */
    private readonly counts: CountFolding,
  ) {}

  /**
   * Pages with their counts over a range, sorted; `limit` rows from `offset`. From the daily counts (page_days); the
   * most "no" and the most answers are found among a few candidates first (see topPages).
   */
  async pages(siteId: string, options: PagesOptions): Promise<PageRow[]> {
    const { sort } = options;
    if (sort === 'no' || sort === 'total')
      return (await this.topPages(siteId, { ...options, sort })) ?? this.pageRows(siteId, options);
    await this.counts.fresh();
    return this.pageRows(siteId, options);
  }

  /** The first pages by "no" or by answers, found among a few candidates (see topCandidates). */
  async topPages(siteId: string, options: PagesOptions & { sort: 'no' | 'total' }): Promise<PageRow[] | undefined> {
    await this.counts.fresh();
    const counts = pageCounts(options.pathPrefix);
    const months = await monthsOf(this.db, counts, siteId, options);
    if (months.length === 0) return [];
    const count = options.sort === 'no' ? 'no' : '(yes + no)';
    const candidates = await topCandidates(this.db, counts, siteId, {
      count,
      range: options,
      months,
      wanted: options.offset + options.limit,
    });
    return candidates && this.pageRows(siteId, options, candidates);
  }

  private async pageRows(siteId: string, options: PagesOptions, among?: string[]): Promise<PageRow[]> {
    const counts = this.db('page_days')
      .where('site_id', siteId)
      .modify((q) => {
        onDays(q, options);
        if (options.pathPrefix) q.whereRaw(`path like ? escape '\\'`, [startingWith(options.pathPrefix)]);
        if (among) q.whereRaw('path = any(?::text[])', [among]);
      })
      .groupBy('path')
      .select(
        'path',
        this.db.raw('sum(yes)::int as yes'),
        this.db.raw('sum(no)::int as "no"'),
        this.db.raw('sum(yes + no)::int as total'),
        this.db.raw('sum(comments)::int as comments'),
        this.db.raw('max(last_at) as last_at'),
      );
    const order = pageOrder[options.sort];
    const views = viewsOver(siteId, options, 'pages');
    const withViews = (pages: Knex.QueryBuilder) =>
      this.db.from(pages.as('pages')).select('pages.*', this.db.raw(`${views.sql} as views`, views.bindings));
    const page = (q: Knex.QueryBuilder) => q.orderByRaw(order).limit(options.limit).offset(options.offset);
    // Views are looked up for the rows shown only, unless they decide which rows those are.
    const rows = byViews(options.sort)
      ? await page(this.db.from(withViews(counts).as('viewed')).select('*'))
      : await this.db
          .from(withViews(page(this.db.from(counts.as('counted')).select('*'))).as('viewed'))
          .select('*')
          .orderByRaw(order);
    return rows.map(toPageRow);
  }

  /** One page's counts per bucket (by the bucket's first day in Oslo), only buckets that have answers. */
  async pageBuckets(siteId: string, path: string, range: Required<DateRange>, interval: Interval) {
    await this.counts.fresh();
    const rows = await this.db('page_days')
      .where({ site_id: siteId, path })
      .modify((q) => onDays(q, range))
      .groupByRaw('1')
      .select(
        this.db.raw(`to_char(date_trunc(?, day), 'YYYY-MM-DD') as start`, [interval]),
        this.db.raw('sum(yes)::int as yes'),
        this.db.raw('sum(no)::int as "no"'),
        this.db.raw('sum(comments)::int as comments'),
      );
    return rows as { start: string; yes: number; no: number; comments: number }[];
  }

  /** One page's views per bucket (by the bucket's first day in Oslo), only buckets that have views. */
  async viewBuckets(siteId: string, path: string, range: Required<DateRange>, interval: Interval) {
    const rows = await this.db('page_views')
      .where({ site_id: siteId, path })
      .modify((q) => onDays(q, range))
      .groupByRaw('1')
      .select(
        this.db.raw(`to_char(date_trunc(?, day), 'YYYY-MM-DD') as start`, [interval]),
        this.db.raw('sum(views)::float8 as views'),
      );
    return rows as { start: string; views: number }[];
  }

  /** Feedback, newest first, after the cursor. */
  async feedback(
    siteId: string,
    filters: FeedbackFilters,
    page: { limit: number; after?: FeedbackCursor | undefined },
  ): Promise<FeedbackItem[]> {
    return this.withThemes((await this.newestFirst(siteId, filters, page).select(feedbackColumns)).map(toItem));
  }

  /** The items with the themes each is in. */
  private async withThemes(items: Omit<FeedbackItem, 'themes'>[]): Promise<FeedbackItem[]> {
    const rows: { feedback_id: string; id: string; by: ThemeBy }[] = items.length
      ? await this.db('feedback_themes')
          .whereRaw('feedback_id = any(?::uuid[])', [items.map((i) => i.id)])
          .whereNot('by', 'rejected')
          .orderBy(['feedback_id', 'theme_id'])
          .select('feedback_id', 'theme_id as id', 'by')
      : [];
    const themes = new Map<string, ThemeMembership[]>();
    for (const { feedback_id, id, by } of rows)
      themes.set(feedback_id, [...(themes.get(feedback_id) ?? []), { id, by }]);
    return items.map((item) => ({ ...item, themes: themes.get(item.id) ?? [] }));
  }

  private newestFirst(
    siteId: string,
    filters: FeedbackFilters,
    page: { limit: number; after?: FeedbackCursor | undefined },
  ): Knex.QueryBuilder {
    return this.db('feedback')
      .where('feedback.site_id', siteId)
      .modify((q) => {
        applyFilters(q, filters);
        if (page.after) q.whereRaw('(feedback.created_at, feedback.id) < (?, ?)', [page.after.at, page.after.id]);
      })
      .orderBy([
        { column: 'feedback.created_at', order: 'desc' },
        { column: 'feedback.id', order: 'desc' },
      ])
      .limit(page.limit);
  }

  async feedbackById(siteId: string, id: string): Promise<FeedbackItem | undefined> {
    const row = await this.db('feedback')
      .where({ 'feedback.site_id': siteId, 'feedback.id': id })
      .first(feedbackColumns);
    return row && (await this.withThemes([toItem(row)]))[0];
  }

  /**
   * The same for an export, in batches of plain rows. At most two batches are held: the next is asked for while this
   * one is written out.
   */
  async *exportBatches(siteId: string, filters: FeedbackFilters, batchSize = 2000): AsyncGenerator<ExportRow[]> {
    const columns = exportColumns(this.db);
    const batchAfter = (after?: FeedbackCursor): Promise<ExportRow[]> =>
      this.newestFirst(siteId, filters, { limit: batchSize, after }).select(columns);
    let next = batchAfter();
    for (;;) {
      const batch = await next;
      const last = batch.at(-1);
      const more = last !== undefined && batch.length === batchSize;
      if (more) {
        next = batchAfter({ at: new Date(last.ms).toISOString(), id: last.id });
        next.catch(() => {}); // an export left early leaves this one unawaited; its failure is not the process's
      }
      if (batch.length > 0) yield batch;
      if (!more) return;
    }
  }
}
