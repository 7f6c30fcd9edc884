import type { Db } from '../db.ts';
import type { Claimed, Mail, Message, WebhookPost } from './outbox.ts';

/** The outbox of mails and webhook posts: each written once, claimed while it is sent, marked when it was. */
export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** The keys of these that are written already (sent, waiting or failed). */
  async known(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db('outbox').whereRaw('key = any(?::text[])', [keys]).select('key');
    return new Set(rows.map((r: { key: string }) => r.key));
  }

  /** Writes the messages whose keys are new; answers how many were. */
  async add(messages: Message[], now: Date): Promise<number> {
    if (messages.length === 0) return 0;
    const rows = messages.map((m) => ({
      key: m.key,
      channel: m.channel,
      kind: m.kind,
      user_id: m.channel === 'mail' ? m.userId : null,
      webhook_id: m.channel === 'webhook' ? m.webhookId : null,
      site_id: m.siteId ?? null,
      path: m.path ?? null,
      message: JSON.stringify(m.channel === 'mail' ? m.mail : m.post),
      state: 'pending',
      due_at: now,
      created_at: now,
    }));
    const added = await this.db('outbox').insert(rows).onConflict('key').ignore().returning('id');
    return added.length;
  }

  /** The paths of the site this recipient was told of an alert on since `since`. */
  async alertedPaths(recipient: { userId: string } | { webhookId: string }, siteId: string, since: Date) {
    const rows = await this.db('outbox')
      .where({ kind: 'alert', site_id: siteId })
      .where('userId' in recipient ? { user_id: recipient.userId } : { webhook_id: recipient.webhookId })
      .where('created_at', '>=', since)
      .distinct('path');
    return new Set(rows.map((r: { path: string }) => r.path));
  }

  /**
   * Takes up to `limit` messages that are due and not taken by another run (rows locked by another claim are
   * skipped), counting the attempt; they are this run's until `until`.
   */
  async claim(now: Date, until: Date, limit: number): Promise<Claimed[]> {
    const { rows } = await this.db.raw(
      `update outbox set claimed_until = :until, attempts = attempts + 1
       where id in (
         select id from outbox
         where state = 'pending' and due_at <= :now and (claimed_until is null or claimed_until <= :now)
         order by due_at, id limit :limit
         for update skip locked
       )
       returning id, key, channel, kind, webhook_id, message, attempts, claimed_until`,
      { now, until, limit },
    );
    return (rows as ClaimRow[])
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((r) => {
        const common = {
          id: String(r.id),
          key: r.key,
          kind: r.kind,
          attempts: r.attempts,
          claimedUntil: new Date(r.claimed_until),
        };
        return r.channel === 'mail'
          ? { ...common, channel: 'mail', mail: r.message as Mail }
          : { ...common, channel: 'webhook', webhookId: r.webhook_id as string, post: r.message as WebhookPost };
      });
  }

  /**
   * Marks a claimed message sent, its content blanked: the key keeps it from being written again, and no comment
   * waits in the outbox after it went out.
   */
  async sent(message: Claimed, now: Date): Promise<void> {
    await this.db('outbox')
      .where({ id: message.id, claimed_until: message.claimedUntil })
      .update({ state: 'sent', sent_at: now, claimed_until: null, last_error: null, message: '{}' });
  }

  /** A failed attempt: tried again from `retryAt`, or given up (`failed`, its content blanked) without one. */
  async failed(message: Claimed, error: string, retryAt: Date | undefined): Promise<void> {
    await this.db('outbox')
      .where({ id: message.id, claimed_until: message.claimedUntil })
      .update(
        retryAt
          ? { due_at: retryAt, claimed_until: null, last_error: error }
          : { state: 'failed', claimed_until: null, last_error: error, message: '{}' },
      );
  }

  /** Forgets messages written before `before` (their keys have served: no plan looks that far back). */
  async deleteBefore(before: Date): Promise<number> {
    return this.db('outbox').where('created_at', '<', before).delete();
  }
}

interface ClaimRow {
  id: string | number;
  key: string;
  channel: 'mail' | 'webhook';
  kind: 'digest' | 'alert';
  webhook_id: string | null;
  message: unknown;
  attempts: number;
  claimed_until: Date;
}
