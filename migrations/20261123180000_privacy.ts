import type { Knex } from 'knex';

// What a site's privacy statement names: the controller (the municipality), where citizens write, the DPO.
const statements = [
  'alter table sites add column controller text, add column contact text, add column dpo text',
  'create index audit_log_at on audit_log (at)',
  'create index feedback_commented_at on feedback (commented_at) where comment is not null',
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index feedback_commented_at');
  await db.raw('drop index audit_log_at');
  await db.raw('alter table sites drop column controller, drop column contact, drop column dpo');
}
