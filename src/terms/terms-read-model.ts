import type { Knex } from 'knex';
import { type Db, inTime } from '../db.ts';
import type { CountFolding } from '../reports/count-fold.ts';
import { applyFilters } from '../reports/feedback-filters.ts';
import type { DateRange, FeedbackFilters } from '../reports/report.ts';
import { type DayAndMonthCounts, monthsOf, topCandidates } from '../reports/top-counts.ts';

/** A term as counted: its stem (the key), how many comments use it and how many of them were "no", its written form. */
export interface TermCount {
  term: string;
  form: string;
  comments: number;
  no: number;
}

export interface TermsFound {
  /** The comments the filters take in (not marked spam, unless asked for). */
  comments: number;
  items: TermCount[];
}

/** The empty term counts every comment (see the migration 20261127110000_terms). */
const everyComment = '';
const termCounts: DayAndMonthCounts = {
  days: 'term_days',
  months: 'term_months',
  key: 'term',
  keyFilter: { sql: `term <> ''`, bindings: [] },
};

/** Terms read from the comments themselves may take this long before the request gives up (503). */
const readingMs = 10_000;

/**
 * The SQL behind "what people were looking for". Terms over a range of days, all or "no" only, come from the counts
 * kept per day and month (term_days, term_months) among a few candidates; other filters (a page, a prefix, a status,
 * a search, a theme) read the terms kept with the comments they take in.
 */
export class TermsReadModel {
  constructor(
    private readonly db: Db,
    /** Folded before the counts are read. */
    private readonly counts: CountFolding,
  ) {}

  /** Whether the kept counts answer these filters. */
  static counted(filters: FeedbackFilters): boolean {
    const { from, to, found, ...rest } = filters;
    return found !== true && Object.values(rest).every((v) => v === undefined);
  }

  async top(siteId: string, filters: FeedbackFilters, limit: number): Promise<TermsFound> {
    await this.counts.fresh();
    return TermsReadModel.counted(filters)
      ? this.topCounted(siteId, filters, limit)
      : this.topRead(siteId, filters, limit);
  }

  /** How many comments under the filters use each of `terms` (a term none uses is left out). */
  async countsOf(siteId: string, filters: FeedbackFilters, terms: string[]): Promise<Map<string, number>> {
    if (terms.length === 0) return new Map();
    await this.counts.fresh();
    const rows: { term: string; n: number }[] = TermsReadModel.counted(filters)
      ? await this.db('term_days')
          .where('site_id', siteId)
          .whereRaw('term = any(?::text[])', [terms])
          .modify((q) => onDays(q, filters))
          .groupBy('term')
          .select('term', this.db.raw(`sum(${countOf(filters)})::int as n`))
      : await inTime(
          this.db,
          this.termsOfComments(siteId, filters)
            .whereRaw('t.term = any(?::text[])', [terms])
            .groupBy('t.term')
            .select('t.term', this.db.raw('count(*)::int as n')),
          readingMs,
        );
    return new Map(rows.map((r) => [r.term, r.n]));
  }

  private async topCounted(siteId: string, range: FeedbackFilters, limit: number): Promise<TermsFound> {
    const count = countOf(range);
    const months = await monthsOf(this.db, termCounts, siteId, range);
    if (months.length === 0) return { comments: 0, items: [] };
    const candidates = await topCandidates(this.db, termCounts, siteId, { count, range, months, wanted: limit });
    const rows: { term: string; comments: number; no: number }[] = await this.db('term_days')
      .where('site_id', siteId)
      .modify((q) => {
        onDays(q, range);
        if (candidates) q.whereRaw('term = any(?::text[])', [[...candidates, everyComment]]);
      })
      .groupBy('term')
      .select('term', this.db.raw(`sum(${count})::int as comments`), this.db.raw('sum(no)::int as no'))
      .orderByRaw(`term = '' desc, comments desc, term`)
      .limit(limit + 1);
    const all = rows.find((r) => r.term === everyComment);
    const top = rows.filter((r) => r.term !== everyComment).slice(0, limit);
    const forms = await this.formsOf(
      siteId,
      top.map((r) => r.term),
    );
    return {
      comments: all?.comments ?? 0,
      items: top.map((r) => ({ ...r, form: forms.get(r.term) ?? r.term })),
    };
  }

  /** The form each term is written in most often on the site (in every comment, spam too). */
  private async formsOf(siteId: string, terms: string[]): Promise<Map<string, string>> {
    if (terms.length === 0) return new Map();
    const rows: { term: string; form: string }[] = await this.db('term_forms')
      .distinctOn('term')
      .where('site_id', siteId)
      .whereRaw('term = any(?::text[])', [terms])
      .orderBy([{ column: 'term' }, { column: 'comments', order: 'desc' }, { column: 'form' }])
      .select('term', 'form');
    return new Map(rows.map((r) => [r.term, r.form]));
  }

  private async topRead(siteId: string, filters: FeedbackFilters, limit: number): Promise<TermsFound> {
    const [items, [total]] = await Promise.all([
      inTime(
        this.db,
        this.termsOfComments(siteId, filters)
          .groupBy('t.term')
          .select(
            't.term',
            this.db.raw('count(*)::int as comments'),
            this.db.raw('count(*) filter (where not f.found)::int as no'),
          )
          .orderBy([{ column: 'comments', order: 'desc' }, { column: 't.term' }])
          .limit(limit),
        readingMs,
      ),
      inTime(this.db, this.comments(siteId, filters).count({ n: '*' }), readingMs),
    ]);
    const forms = await this.formsOf(
      siteId,
      items.map((r: { term: string }) => r.term),
    );
    return {
      comments: Number(total?.n ?? 0),
      items: items.map((r: Omit<TermCount, 'form'>) => ({ ...r, form: forms.get(r.term) ?? r.term })),
    };
  }

  /** The comments the filters take in; spam only when asked for. */
  private comments(siteId: string, filters: FeedbackFilters): Knex.QueryBuilder {
    return this.db('feedback')
      .where('feedback.site_id', siteId)
      .whereNotNull('feedback.terms')
      .modify((q) => {
        applyFilters(q, filters);
        if (!filters.status) q.whereNot('feedback.status', 'spam');
      });
  }

  /** One row per term of each comment the filters take in: f (found), t (term). */
  private termsOfComments(siteId: string, filters: FeedbackFilters): Knex.QueryBuilder {
    return this.db
      .from(this.comments(siteId, filters).select('feedback.found', 'feedback.terms').as('f'))
      .joinRaw('cross join unnest(f.terms) as t (term)');
  }
}

/** Comments with "no" only when the filters ask for those. */
const countOf = (filters: FeedbackFilters) => (filters.found === false ? 'no' : 'comments');

function onDays(q: Knex.QueryBuilder, { from, to }: DateRange): void {
  if (from) q.where('day', '>=', from);
  if (to) q.where('day', '<=', to);
}
