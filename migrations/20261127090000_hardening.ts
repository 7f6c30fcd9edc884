import type { Knex } from 'knex';

const statements = [
  // Logins tried per account (keyed by a hash of the e-mail), counted before the password is checked, so that
  // guesses sent at once are counted at once: of any burst at most ten are checked before the account locks.
  `create table login_throttle (
    account_key text primary key,
    attempts int not null,
    window_ends timestamptz not null
  )`,
  // Tokens can expire and be revoked; last_used_at (already there) is now kept.
  'alter table api_tokens add column expires_at timestamptz, add column revoked_at timestamptz',
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table api_tokens drop column expires_at, drop column revoked_at');
  await db.schema.dropTable('login_throttle');
}
