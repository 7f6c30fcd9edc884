import type { Knex } from 'knex';

// One statement per raw() call: PGlite runs a single statement per query.
const statements = [
  `create table sites (
    id text primary key check (id ~ '^[a-z0-9-]{1,64}$'),
    name text not null,
    origins text[] not null default '{}',
    created_at timestamptz not null default now()
  )`,
  `create table feedback (
    id uuid primary key,
    site_id text not null references sites (id) on delete cascade,
    path text not null,
    found boolean not null,
    comment text,
    redactions text[] not null default '{}',
    lang text check (lang in ('nb', 'nn', 'en')),
    status text not null default 'new' check (status in ('new', 'read', 'done', 'spam')),
    client_address inet,
    created_at timestamptz not null,
    commented_at timestamptz
  )`,
  'create index feedback_site_path_time on feedback (site_id, path, created_at)',
  'create index feedback_site_time on feedback (site_id, created_at)',
  // One random salt per day for rate-limit keys; deleted once two days old.
  `create table daily_salts (
    day date primary key,
    salt bytea not null,
    created_at timestamptz not null
  )`,
  // rate-limiter-flexible's Postgres store, in its own schema, made here so that no code makes tables at run time.
  `create table rate_limits (
    key varchar(255) primary key,
    points integer not null default 0,
    expire bigint
  )`,
  `create table settings (
    name text primary key,
    value text not null
  )`,
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['settings', 'rate_limits', 'daily_salts', 'feedback', 'sites']) await db.schema.dropTable(table);
}
