import type { Knex } from 'knex';

/**
 * Delivery of digests and alerts: the webhooks of each site, and the outbox of messages, each written once (unique
 * by its key: recipient, kind and period or alert) and marked sent once it is. Also each site's choice to let
 * comments into mails and webhooks, and the language a person reads fantdu in.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table sites add column comments_in_notifications boolean not null default false');
  await db.raw(`alter table users add column lang text not null default 'nb' check (lang in ('nb', 'nn', 'en'))`);
  await db.raw(`create table webhooks (
    id uuid primary key,
    site_id text not null references sites (id) on delete cascade,
    url text not null,
    format text not null check (format in ('json', 'teams', 'slack')),
    secret text not null,
    created_at timestamptz not null
  )`);
  await db.raw('create index webhooks_site on webhooks (site_id)');
  await db.raw(`create table outbox (
    id bigint generated always as identity primary key,
    key text not null unique,
    channel text not null check (channel in ('mail', 'webhook')),
    kind text not null check (kind in ('digest', 'alert')),
    user_id bigint references users (id) on delete cascade,
    webhook_id uuid references webhooks (id) on delete cascade,
    site_id text references sites (id) on delete cascade,
    path text,
    message jsonb not null,
    state text not null check (state in ('pending', 'sent', 'failed')),
    attempts int not null default 0,
    due_at timestamptz not null,
    claimed_until timestamptz,
    last_error text,
    created_at timestamptz not null,
    sent_at timestamptz,
    check ((channel = 'mail') = (user_id is not null) and (channel = 'webhook') = (webhook_id is not null))
  )`);
  await db.raw(`create index outbox_due on outbox (due_at) where state = 'pending'`);
  await db.raw("create index outbox_alerts on outbox (site_id, path, created_at) where kind = 'alert'");
  await db.raw('create index outbox_created on outbox (created_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('outbox');
  await db.schema.dropTable('webhooks');
  await db.raw('alter table users drop column lang');
  await db.raw('alter table sites drop column comments_in_notifications');
}
