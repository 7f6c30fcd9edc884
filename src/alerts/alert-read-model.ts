import { type Db, inTime } from '../db.ts';
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
  constructor(private readonly db: Db) {}

  /**
   * Only the windows that may be a spike: at least minRecentAnswers recently, and a recent share of "no" above the
   * baseline's (which must have answers). Read from the daily counts, spam left out as they leave it out.
   */
  async risingWindows(siteId: string, range: { from: string; to: string }): Promise<PageWindows[]> {
    const span = recentDays + baselineDays - 1;
    const { rows } = await inTime(
      this.db,
      this.db.raw<{ rows: (Answers & { path: string; at: string; baseline_yes: number; baseline_no: number })[] }>(
        `with days as (
           select path, day, yes, no from page_days
           where site_id = :siteId and day between :from::date - :span::int and :to::date
         ), candidates as (
           select path from days where day > :from::date - :recent::int
           group by path having sum(yes + no) >= :min and sum(no) > 0
         ), windows as (
           select d.path, e.day as at,
                  coalesce(sum(d.yes) filter (where d.day > e.day - :recent::int), 0)::int as yes,
                  coalesce(sum(d.no) filter (where d.day > e.day - :recent::int), 0)::int as no,
                  coalesce(sum(d.yes) filter (where d.day <= e.day - :recent::int), 0)::int as baseline_yes,
                  coalesce(sum(d.no) filter (where d.day <= e.day - :recent::int), 0)::int as baseline_no
           from days d
           join candidates using (path)
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
    return rows.map((r) => ({
      path: r.path,
      at: r.at,
      recent: { yes: r.yes, no: r.no },
      baseline: { yes: r.baseline_yes, no: r.baseline_no },
    }));
  }
}
