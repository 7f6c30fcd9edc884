import type { Db } from '../db.ts';

/** The views of one page on one Oslo day, as counted since the last flush. */
export interface ViewCount {
  siteId: string;
  path: string;
  day: string;
  views: number;
}

/** The page view counts: added to, a batch at a time. */
export class ViewStore {
  constructor(private readonly db: Db) {}

  /**
   * Adds a batch of counts to the days and the months, in one statement. Counts of a site deleted meanwhile are
   * dropped. Rows go in key order, so that instances flushing at once do not deadlock.
   */
  async add(counts: ViewCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.db.raw(
      `with counted as (
         select c.site_id, c.path, c.day, c.views
         from unnest(?::text[], ?::text[], ?::date[], ?::bigint[]) as c (site_id, path, day, views)
         where exists (select 1 from sites s where s.id = c.site_id)
       ), days as (
         insert into page_views (site_id, path, day, views)
         select site_id, path, day, views from counted order by 1, 2, 3
         on conflict (site_id, path, day) do update set views = page_views.views + excluded.views
       )
       insert into page_view_months (site_id, path, month, views)
       select site_id, path, date_trunc('month', day)::date, sum(views) from counted group by 1, 2, 3 order by 1, 2, 3
       on conflict (site_id, path, month) do update set views = page_view_months.views + excluded.views`,
      [counts.map((c) => c.siteId), counts.map((c) => c.path), counts.map((c) => c.day), counts.map((c) => c.views)],
    );
  }
}
