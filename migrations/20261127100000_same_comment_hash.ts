import type { Knex } from 'knex';

// The same comment on a page is found by the hash of its text, not by reading every comment the page got in the last
// ten minutes (which a flood of different comments on one page made slow for every post).
export async function up(db: Knex): Promise<void> {
  await db.raw(
    `create index feedback_same_comment_hash on feedback (site_id, path, (md5(comment)::uuid), commented_at) where ` +
      `comment is not null`,
  );
  await db.raw('drop index feedback_same_comment');
}

export async function down(db: Knex): Promise<void> {
  await db.raw(
    'create index feedback_same_comment on feedback (site_id, path, commented_at) where comment is not null',
  );
  await db.raw('drop index feedback_same_comment_hash');
}
