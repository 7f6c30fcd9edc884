import type { Knex } from 'knex';

/**
 * What a site's privacy statement also names (its legal basis, its data processors, where the data is kept), and
 * when the statement's content last changed: `statement_hash` is a digest of that content as it was last made, null
 * when a setting it states has changed since (at `statement_changed_at`).
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(
    `alter table sites
       add column legal_basis text not null default 'public-task'
         check (legal_basis in ('public-task', 'consent', 'legitimate-interest')),
       add column processors text[] not null default '{}',
       add column hosting text,
       add column statement_hash text,
       add column statement_changed_at timestamptz not null default now()`,
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw(
    `alter table sites drop column legal_basis, drop column processors, drop column hosting,
       drop column statement_hash, drop column statement_changed_at`,
  );
}
