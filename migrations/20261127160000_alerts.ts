import type { Knex } from 'knex';

/**
 * A site's days with their pages and counts in the index itself: alerts read every page's recent days, and an
 * index-only scan of them is three times faster than fetching each row (0.45 against 1.5 s at 100 000 pages). It
 * serves what page_days_site_day served.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('create index page_days_site_day_counts on page_days (site_id, day) include (path, yes, no)');
  await db.raw('drop index page_days_site_day');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('create index page_days_site_day on page_days (site_id, day)');
  await db.raw('drop index page_days_site_day_counts');
}
