import type { Knex } from 'knex';

/**
 * What each person wants to be told: the pages and path prefixes they watch, and their choice of digest (off, daily,
 * weekly) and of alerts.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`create table watches (
    user_id bigint not null references users (id) on delete cascade,
    site_id text not null references sites (id) on delete cascade,
    kind text not null check (kind in ('path', 'prefix')),
    path text not null,
    created_at timestamptz not null,
    primary key (user_id, site_id, kind, path)
  )`);
  await db.raw('create index watches_site on watches (site_id)');
  await db.raw(`alter table users
    add column digest text not null default 'weekly' check (digest in ('off', 'daily', 'weekly')),
    add column alerts boolean not null default true`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('watches');
  await db.raw('alter table users drop column digest, drop column alerts');
}
