import type { Knex } from 'knex';

/**
 * The index on site, status and time holds only answers an editor has marked (read, done, spam): a new answer, as
 * every post is, no longer writes to it (one index less on the intake's path; README, "Performance"). A list of the
 * marked ones still reads it; one of the new ones (most answers) reads the site's answers by time, as the list without
 * a status does. Built and dropped concurrently, outside a transaction, so that posts and reports go on meanwhile on a
 * big table (an index left invalid by an interrupted build is dropped and built again).
 */
export const config = { transaction: false };

export async function up(db: Knex): Promise<void> {
  await db.raw('drop index concurrently if exists feedback_site_marked_time');
  await db.raw(
    `create index concurrently feedback_site_marked_time on feedback (site_id, status, created_at)
     where status <> 'new'`,
  );
  await db.raw('drop index concurrently if exists feedback_site_status_time');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index concurrently if exists feedback_site_status_time');
  await db.raw('create index concurrently feedback_site_status_time on feedback (site_id, status, created_at)');
  await db.raw('drop index concurrently if exists feedback_site_marked_time');
}
