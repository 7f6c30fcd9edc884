import type { Knex } from 'knex';

/**
 * Page views: a count per site, page and Oslo day (page_views), and per month (page_view_months), so that views over
 * a long range add up whole months and only the days at its ends. Nothing else of a view is kept: no row per view, no
 * address, no time of day. The counts are added by the running service, a few seconds' worth in one statement.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`create table page_views (
    site_id text not null references sites (id) on delete cascade,
    path text not null,
    day date not null,
    views bigint not null,
    primary key (site_id, path, day)
  )`);
  // How many pages a site's day has views for: new pages beyond a bound are not counted (see ViewStore.add).
  await db.raw('create index page_views_site_day on page_views (site_id, day)');
  await db.raw(`create table page_view_months (
    site_id text not null references sites (id) on delete cascade,
    path text not null,
    month date not null,
    views bigint not null,
    primary key (site_id, path, month)
  )`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table page_view_months');
  await db.raw('drop table page_views');
}
