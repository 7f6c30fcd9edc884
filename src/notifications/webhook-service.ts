import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import type { SiteService } from '../sites/site-service.ts';
import { isUuid } from '../values.ts';
import { type Webhook, type WebhookFormat, type WebhookStore, webhookFormats } from './webhook-store.ts';

/** A site may post its alerts to this many webhooks. */
export const maxWebhooksPerSite = 20;

/** An http(s) address without user or password, in its normal form, at most 2000 characters. */
function urlOrThrow(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || value.length > 2000)
    throw Invalid.field('url', 'must be an http(s) address', 'The webhook needs an http:// or https:// address.');
  if (url.username || url.password)
    throw Invalid.field('url', 'must not hold a user or password', 'Put no user or password in the address.');
  url.hash = '';
  return url.href;
}

/** Where each site's alerts are posted, and the secret that signs them. */
export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly sites: SiteService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Adds a webhook; its secret is answered this once (fantdu keeps it to sign, and never shows it again). */
  async add(siteId: string, url: string, format: string, actor: string): Promise<Webhook> {
    if (!(await this.sites.get(siteId))) throw Invalid.field('site', 'is not a site', `There is no site "${siteId}".`);
    if (!webhookFormats.includes(format as WebhookFormat))
      throw Invalid.field('format', 'must be json, teams or slack', `--format must be json, teams or slack.`);
    const address = urlOrThrow(url);
    if ((await this.store.list(siteId)).length >= maxWebhooksPerSite)
      throw new Invalid(`A site may have at most ${maxWebhooksPerSite} webhooks; remove one first.`);
    const webhook = {
      id: randomUUID(),
      siteId,
      url: address,
      format: format as WebhookFormat,
      secret: randomBytes(32).toString('base64url'),
    };
    const at = this.clock();
    await this.store.insert(webhook, at);
    await this.audit.record({
      siteId,
      actor,
      action: 'webhook.add',
      details: { id: webhook.id, host: new URL(address).host, format },
    });
    return { ...webhook, createdAt: at };
  }

  list(siteId?: string): Promise<Webhook[]> {
    return this.store.list(siteId);
  }

  async remove(id: string, actor: string): Promise<Webhook> {
    const removed = isUuid(id) ? await this.store.delete(id) : undefined;
    if (!removed) throw Invalid.field('id', 'is not a webhook', `There is no webhook "${id}".`);
    await this.audit.record({ siteId: removed.siteId, actor, action: 'webhook.remove', details: { id } });
    return removed;
  }
}
