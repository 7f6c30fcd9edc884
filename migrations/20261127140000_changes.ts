import type { Knex } from 'knex';

/** Page changes: when a page was changed (by a CMS on publish, or an editor's note), to judge whether it helped. */
export async function up(db: Knex): Promise<void> {
  await db.raw(`create table page_changes (
    id uuid primary key,
    site_id text not null references sites (id) on delete cascade,
    path text not null,
    at timestamptz not null,
    note text not null,
    created_at timestamptz not null
  )`);
  await db.raw('create index page_changes_site_path_at on page_changes (site_id, path, at)');
  await db.raw('create index page_changes_site_at on page_changes (site_id, at)');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('page_changes');
}
