import type { Knex } from 'knex';

/**
 * The index on site, status and time holds only answers an editor has marked (read, done, spam): a new answer, as
 * every post is, no longer writes to it (one index less on the intake's path; README, "Performance"). A list of the
 * marked ones still reads it; one of the new ones (most answers) reads the site's answers by time, as the list without
 * a status does. Built in the migration's transaction, as the other indexes were: on a big table, posts wait for the
 * build (not concurrently: `create index concurrently` waits for every open transaction, the migrations' lock among
 * them).
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('drop index feedback_site_status_time');
  await db.raw(
    `create index feedback_site_status_time on feedback (site_id, status, created_at) where status <> 'new'`,
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index feedback_site_status_time');
  await db.raw('create index feedback_site_status_time on feedback (site_id, status, created_at)');
}
