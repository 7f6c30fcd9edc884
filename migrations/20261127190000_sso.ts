import type { Knex } from 'knex';

/**
 * Single sign-on: people who sign in with the municipality's OpenID Connect provider (no password of their own, the
 * provider's issuer and subject on the user), the grants that decide which sites they may see, and the grants each
 * person matched at their latest sign-in (revoking a grant takes it from them at once). Sessions say whether they
 * were begun by single sign-on (signing out then offers the provider's end-session).
 */
const statements = [
  `alter table users
    alter column password_hash drop not null,
    add column oidc_issuer text,
    add column oidc_subject text,
    add constraint users_oidc_identity_whole check ((oidc_issuer is null) = (oidc_subject is null))`,
  'create unique index users_oidc_identity on users (oidc_issuer, oidc_subject) where oidc_issuer is not null',
  'alter table sessions add column oidc boolean not null default false',
  `create table sso_grants (
    id bigint generated always as identity primary key,
    site_id text not null references sites (id) on delete cascade,
    kind text not null check (kind in ('claim', 'email-domain')),
    value text not null,
    role text not null check (role in ('editor', 'admin')),
    created_at timestamptz not null,
    unique (site_id, kind, value)
  )`,
  'create index sso_grants_value on sso_grants (kind, value)',
  `create table user_grants (
    user_id bigint not null references users (id) on delete cascade,
    grant_id bigint not null references sso_grants (id) on delete cascade,
    granted_at timestamptz not null default now(),
    primary key (user_id, grant_id)
  )`,
  'create index user_grants_grant on user_grants (grant_id)',
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('user_grants');
  await db.schema.dropTable('sso_grants');
  await db.raw('alter table sessions drop column oidc');
  // People made by single sign-on have no password: without it they cannot be kept.
  await db.raw('delete from users where password_hash is null');
  await db.raw(`alter table users
    drop constraint users_oidc_identity_whole,
    drop column oidc_issuer,
    drop column oidc_subject,
    alter column password_hash set not null`);
}
