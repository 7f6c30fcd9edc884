import type { Db } from '../db.ts';

export const webhookFormats = ['json', 'teams', 'slack'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** Where a site's alerts are posted; the secret signs json bodies. */
export interface Webhook {
  id: string;
  siteId: string;
  url: string;
  format: WebhookFormat;
  secret: string;
  createdAt: Date;
}

const columns = ['id', 'site_id as siteId', 'url', 'format', 'secret', 'created_at as createdAt'];

/** The sites' webhooks: all their SQL. */
export class WebhookStore {
  constructor(private readonly db: Db) {}

  async insert(webhook: Omit<Webhook, 'createdAt'>, at: Date): Promise<void> {
    const { id, siteId, url, format, secret } = webhook;
    await this.db('webhooks').insert({ id, site_id: siteId, url, format, secret, created_at: at });
  }

  async get(id: string): Promise<Webhook | undefined> {
    return this.db('webhooks').where({ id }).first(columns);
  }

  /** A site's webhooks (or every site's), oldest first. */
  async list(siteId?: string): Promise<Webhook[]> {
    return this.db('webhooks')
      .modify((q) => (siteId === undefined ? q : q.where({ site_id: siteId })))
      .orderBy(['site_id', 'created_at', 'id'])
      .select(columns);
  }

  /** The webhook removed, if there was one. */
  async delete(id: string): Promise<Webhook | undefined> {
    const [row] = await this.db('webhooks').where({ id }).delete().returning(columns);
    return row;
  }
}
