import { type Db, inTime } from '../db.ts';
import type { CountFolding } from '../reports/count-fold.ts';
import type { Answers } from '../reports/significance.ts';
import { baselineDays, minRecentAnswers, recentDays } from './spike.ts';

/** Reading a site's days may take this long before the request gives up (503). */
const readingMs = 10_000;

export interface PageWindows {
  path: string;
  /** The day the windows end on. */
  at: string;
  recent: Answers;
  baseline: Answers;
}

/** The answers of the site's pages over the windows that end on each day from `from` to `to`: all their SQL. */
export class AlertReadModel {
  constructor(
    private readonly db: Db,
    /** Folded before the counts are read. */
    private readonly counts: CountFolding,
  ) {}

  /**
   * Only the windows that may be a spike: at least minRecentAnswers recently, and a recent share of "no" above the
   * baseline's (which must have answers). Read from the daily counts, spam left out as they leave it out.
   */
  async risingWindows(siteId: string, range: { from: string; to: string }): Promise<PageWindows[]> {
    const span = recentDays + baselineDays - 1;
    type Row = Answers & { path: string; at: string; baseline_yes: number; baseline_no: number };
    await this.counts.fresh();
    // The pages with enough recent answers first (an index-only scan of the recent days), then only their days.
    // Postgres's JIT compiles this query for longer than it runs (1.3 s against 0.4 s at 100 000 pages): off here.
    const { rows } = await this.db.transaction(async (trx) => {
      await trx.raw('set local jit = off');
      return inTime(
        trx,
        trx.raw<{ rows: Row[] }>(
          `with candidates as (
           select path from page_days
           where site_id = :siteId and day > :from::date - :recent::int and day <= :to::date
           group by path having sum(yes + no) >= :min and sum(no) > 0
         ), days as (
           select p.path, p.day, p.yes, p.no from candidates c
           join page_days p on p.site_id = :siteId and p.path = c.path
             and p.day between :from::date - :span::int and :to::date
         ), windows as (
           select d.path, e.day as at,
                  coalesce(sum(d.yes) filter (where d.day > e.day - :recent::int), 0)::int as yes,
                  coalesce(sum(d.no) filter (where d.day > e.day - :recent::int), 0)::int as no,
                  coalesce(sum(d.yes) filter (where d.day <= e.day - :recent::int), 0)::int as baseline_yes,
                  coalesce(sum(d.no) filter (where d.day <= e.day - :recent::int), 0)::int as baseline_no
           from days d
           join (select generate_series(:from::date, :to::date, interval '1 day')::date as day) e
             on d.day between e.day - :span::int and e.day
           group by d.path, e.day
         )
         select path, to_char(at, 'YYYY-MM-DD') as at, yes, no, baseline_yes, baseline_no from windows
         where yes + no >= :min and baseline_yes + baseline_no > 0
           and no::float8 / (yes + no) > baseline_no::float8 / (baseline_yes + baseline_no)`,
          { siteId, from: range.from, to: range.to, span, recent: recentDays, min: minRecentAnswers },
        ),
        readingMs,
      );
    });
    return rows.map((r) => ({
      path: r.path,
      at: r.at,
      recent: { yes: r.yes, no: r.no },
      baseline: { yes: r.baseline_yes, no: r.baseline_no },
    }));
  }
}
