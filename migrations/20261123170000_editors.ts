import type { Knex } from 'knex';

const statements = [
  `create table users (
    id bigint generated always as identity primary key,
    email text not null,
    password_hash text not null,
    created_at timestamptz not null,
    password_changed_at timestamptz
  )`,
  'create unique index users_email on users (lower(email))',
  `create table user_sites (
    user_id bigint not null references users (id) on delete cascade,
    site_id text not null references sites (id) on delete cascade,
    role text not null check (role in ('editor', 'admin')),
    primary key (user_id, site_id)
  )`,
  // The cookie holds a random id; only its hash is stored.
  `create table sessions (
    id_hash text primary key,
    user_id bigint not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  'create index sessions_user on sessions (user_id)',
  `create table api_tokens (
    id bigint generated always as identity primary key,
    site_id text not null references sites (id) on delete cascade,
    name text not null,
    role text not null check (role in ('editor', 'admin')),
    token_hash text not null unique,
    created_at timestamptz not null,
    last_used_at timestamptz
  )`,
  // Who did what, when. Never comment text.
  `create table audit_log (
    id bigint generated always as identity primary key,
    site_id text references sites (id) on delete cascade,
    actor text not null,
    action text not null,
    target text,
    details jsonb not null default '{}',
    at timestamptz not null
  )`,
  'create index audit_log_site_at on audit_log (site_id, at)',
  'create index feedback_site_status_time on feedback (site_id, status, created_at)',
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index feedback_site_status_time');
  for (const table of ['audit_log', 'api_tokens', 'sessions', 'user_sites', 'users']) await db.schema.dropTable(table);
}
