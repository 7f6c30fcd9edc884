import type { Db } from '../db.ts';

/** The views of one page on one Oslo day, as counted since the last flush. */
export interface ViewCount {
  siteId: string;
  path: string;
  day: string;
  views: number;
}

/**
 * A site's day counts views of at most this many pages: anyone can post a view of any path on a site, and a flood of
 * made-up paths must not grow the tables without bound. Views of pages the day has counted already always count.
 */
export const maxPagesPerDay = 20_000;

/** The page view counts: added to, a batch at a time. */
export class ViewStore {
  constructor(private readonly db: Db) {}

  /**
   * Adds a batch of counts to the days and the months, in one statement, and answers how many views were not counted:
   * those of a site deleted meanwhile, and of new pages beyond maxPagesPerDay (the most viewed new pages go first).
   * Rows go in key order, so that instances flushing at once do not deadlock.
   */
  async add(counts: ViewCount[]): Promise<number> {
    if (counts.length === 0) return 0;
    const { rows } = await this.db.raw<{ rows: { dropped: number }[] }>(
      `with given as (
         select c.site_id, c.path, c.day, c.views,
                exists (select 1 from page_views v where v.site_id = c.site_id and v.path = c.path and v.day = c.day)
                  as known
         from unnest(?::text[], ?::text[], ?::date[], ?::bigint[]) as c (site_id, path, day, views)
         where exists (select 1 from sites s where s.id = c.site_id)
       ), room as (
         select g.site_id, g.day,
                ?::int - (select count(*) from page_views v where v.site_id = g.site_id and v.day = g.day) as pages
         from (select distinct site_id, day from given where not known) g
       ), ranked as (
         select g.*, row_number() over (partition by g.site_id, g.day, g.known order by g.views desc, g.path) as rank
         from given g
       ), counted as (
         select r.site_id, r.path, r.day, r.views from ranked r left join room using (site_id, day)
         where r.known or r.rank <= room.pages
       ), days as (
         insert into page_views (site_id, path, day, views)
         select site_id, path, day, views from counted order by 1, 2, 3
         on conflict (site_id, path, day) do update set views = page_views.views + excluded.views
       ), months as (
         insert into page_view_months (site_id, path, month, views)
         select site_id, path, date_trunc('month', day)::date, sum(views) from counted group by 1, 2, 3 order by 1, 2, 3
         on conflict (site_id, path, month) do update set views = page_view_months.views + excluded.views
       )
       select (?::bigint - (select coalesce(sum(views), 0) from counted))::int as dropped`,
      [
        counts.map((c) => c.siteId),
        counts.map((c) => c.path),
        counts.map((c) => c.day),
        counts.map((c) => c.views),
        maxPagesPerDay,
        counts.reduce((n, c) => n + c.views, 0),
      ],
    );
    return rows[0]?.dropped ?? 0;
  }
}
