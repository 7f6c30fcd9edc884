import type { Knex } from 'knex';
import type { Db } from '../db.ts';
import type { Status } from '../values.ts';
import { buckets, firstDay, type Interval, lastDay } from './oslo-dates.ts';
import type {
  DateRange,
  FeedbackCursor,
  FeedbackFilters,
  FeedbackItem,
  PageRow,
  PageSort,
  PagesOptions,
} from './report.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** A LIKE pattern (with escape '\\') for paths that begin with `prefix`. */
const startingWith = (prefix: string) => `${escapeLike(prefix)}%`;

/** Daily counts are kept by Oslo calendar day, so a range of days is simply the days from `from` to `to`. */
function onDays(q: Knex.QueryBuilder, { from, to }: DateRange): void {
  if (from) q.where('day', '>=', from);
  if (to) q.where('day', '<=', to);
}

/** `from` and `to` are Oslo calendar days, both included: [from 00:00, to + 1 day 00:00) in Europe/Oslo. */
function inRange(q: Knex.QueryBuilder, { from, to }: DateRange): void {
  if (from) q.whereRaw(`feedback.created_at >= (?::date)::timestamp at time zone 'Europe/Oslo'`, [from]);
  if (to) q.whereRaw(`feedback.created_at < (?::date + 1)::timestamp at time zone 'Europe/Oslo'`, [to]);
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
};

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

/** One exported answer, as the database gives it: its time in milliseconds, the kinds removed as one text. */
export interface ExportRow {
  id: string;
  ms: number;
  path: string;
  found: boolean;
  comment: string | null;
  redactions: string;
  status: Status;
  lang: string | null;
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

const toItem = (r: FeedbackRow): FeedbackItem => ({
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
  constructor(private readonly db: Db) {}

  /**
   * Pages with their counts over a range, sorted; `limit` rows from `offset`. From the daily counts (page_days); the
   * most "no" and the most answers are found among a few candidates first (see topPages).
   */
  async pages(siteId: string, options: PagesOptions): Promise<PageRow[]> {
    const top =
      options.sort === 'no' || options.sort === 'total'
        ? await this.topPages(siteId, { ...options, sort: options.sort })
        : undefined;
    return top ?? this.pageRows(siteId, options);
  }

  /**
   * The first pages by "no" or by answers without adding up every page. A page's count over the range is at most its
   * count over the k months the range touches (page_months), so one with count >= t has a month with at least
   * ceil(t / k). First t: the (offset + limit)th largest exact count among each month's leaders. Then the candidates:
   * pages with such a month, whose months add up to t or more; every page that could be in the answer is among them,
   * and their exact counts (from page_days) give the answer. Undefined when the leaders are too few to set a t.
   */
  async topPages(siteId: string, options: PagesOptions & { sort: 'no' | 'total' }): Promise<PageRow[] | undefined> {
    const months = await this.monthsOf(siteId, options);
    if (months.length === 0) return [];
    const count = options.sort === 'no' ? 'no' : '(yes + no)';
    const wanted = options.offset + options.limit;
    const leaders = await this.pagesByMonth(siteId, months, count, options.pathPrefix, { top: wanted });
    const [threshold] = await this.db('page_days')
      .where('site_id', siteId)
      .whereRaw('path = any(?::text[])', [leaders])
      .modify((q) => onDays(q, options))
      .groupBy('path')
      .select(this.db.raw(`sum(${count})::int as n`))
      .orderBy('n', 'desc')
      .limit(1)
      .offset(wanted - 1);
    const t = (threshold as { n: number } | undefined)?.n;
    if (!t) return undefined;
    const reaching = await this.pagesByMonth(siteId, months, count, options.pathPrefix, {
      atLeast: Math.ceil(t / months.length),
    });
    const candidates: string[] = await this.db('page_months')
      .where('site_id', siteId)
      .whereIn('month', months)
      .whereRaw('path = any(?::text[])', [reaching])
      .groupBy('path')
      .havingRaw(`sum(${count}) >= ?`, [t])
      .pluck('path');
    return this.pageRows(siteId, options, candidates);
  }

  /** Each month's first `top` pages by a count, or those with at least `atLeast`: the pages, once each. */
  private async pagesByMonth(
    siteId: string,
    months: string[],
    count: string,
    pathPrefix: string | undefined,
    by: { top: number } | { atLeast: number },
  ): Promise<string[]> {
    const prefix = pathPrefix ? [startingWith(pathPrefix)] : [];
    const result = await this.db.raw(
      `select distinct m.path from unnest(?::date[]) as covered (month)
       cross join lateral (select path from page_months
                           where site_id = ? and month = covered.month
                             ${prefix.length ? `and path like ? escape '\\'` : ''}
                           ${'top' in by ? `order by ${count} desc limit ?` : `and ${count} >= ?`}) m`,
      [months, siteId, ...prefix, 'top' in by ? by.top : by.atLeast],
    );
    return (result.rows as { path: string }[]).map((r) => r.path);
  }

  /** The first days of the months a range touches (an open end: the site's first or last month with answers). */
  private async monthsOf(siteId: string, { from, to }: DateRange): Promise<string[]> {
    const [bounds] = await this.db('page_months')
      .where('site_id', siteId)
      .select(this.db.raw(`to_char(min(month), 'YYYY-MM-DD') as first, to_char(max(month), 'YYYY-MM-DD') as last`));
    const { first, last } = bounds as { first: string | null; last: string | null };
    if (!first || !last) return [];
    // Days a report may name only: a row of another century (an import gone wrong) makes no more buckets.
    const [start, end] = [from ?? [first, firstDay].sort()[1], to ?? [last, lastDay].sort()[0]] as [string, string];
    return buckets(start, end, 'month').filter((month) => month >= first && month <= last);
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
    const rows = await this.db
      .from(counts.as('pages'))
      .select('*')
      .orderByRaw(pageOrder[options.sort])
      .limit(options.limit)
      .offset(options.offset);
    return rows.map((r: { path: string; yes: number; no: number; total: number; comments: number; last_at: Date }) => ({
      path: r.path,
      yes: r.yes,
      no: r.no,
      total: r.total,
      comments: r.comments,
      lastAt: r.last_at.toISOString(),
    }));
  }

  /** One page's counts per bucket (by the bucket's first day in Oslo), only buckets that have answers. */
  async pageBuckets(siteId: string, path: string, range: Required<DateRange>, interval: Interval) {
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

  /** Feedback, newest first, after the cursor. */
  async feedback(
    siteId: string,
    filters: FeedbackFilters,
    page: { limit: number; after?: FeedbackCursor | undefined },
  ): Promise<FeedbackItem[]> {
    return (await this.newestFirst(siteId, filters, page).select(feedbackColumns)).map(toItem);
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
    return row && toItem(row);
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

function applyFilters(q: Knex.QueryBuilder, f: FeedbackFilters): void {
  inRange(q, f);
  if (f.path !== undefined) q.where('feedback.path', f.path);
  if (f.pathPrefix) q.whereRaw(`feedback.path like ? escape '\\'`, [startingWith(f.pathPrefix)]);
  if (f.found !== undefined) q.where('feedback.found', f.found);
  if (f.hasComment !== undefined)
    q.where((w) => (f.hasComment ? w.whereNotNull('feedback.comment') : w.whereNull('feedback.comment')));
  if (f.status) q.where('feedback.status', f.status);
  const text = f.q;
  if (text) {
    // Words in any form (Norwegian stemming), or the text as typed anywhere in the comment.
    q.where((w) =>
      w
        .whereRaw(`feedback.comment ilike ? escape '\\'`, [`%${escapeLike(text)}%`])
        .orWhereRaw(
          `to_tsvector('norwegian', coalesce(feedback.comment, '')) @@ websearch_to_tsquery('norwegian', ?)`,
          [text],
        ),
    );
  }
}
