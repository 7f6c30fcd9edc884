import { createHash } from 'node:crypto';
import type { Alert } from '../alerts/alert.ts';
import type { AlertService } from '../alerts/alert-service.ts';
import type { ChangeService } from '../changes/change-service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { addDays, bucketStart, fromOsloDateTime, osloDay } from '../reports/oslo-dates.ts';
import type { ReportReadModel } from '../reports/report-read-model.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { SystemStore } from '../system/system-store.ts';
import type { Lang } from '../values.ts';
import { DeliveryError, type Postman, postWebhook, smtpPostman } from './delivery.ts';
import type { AlertNotice, DigestNotice, DigestSite, NoticeLinks } from './notice.ts';
import { alertMail, digestMail } from './notice-mail.ts';
import type { NoticeReadModel, Recipient } from './notice-read-model.ts';
import type { Digest, Watch } from './notification.ts';
import type { Claimed, Message } from './outbox.ts';
import type { OutboxStore } from './outbox-store.ts';
import { type MailKind, unsubscribeUrl } from './unsubscribe.ts';
import { alertPayload, signatureOf } from './webhook-payloads.ts';
import type { WebhookStore } from './webhook-store.ts';

export const notifyLockKey = 0x66616e6e; // "fann"
/** The server's job runs this often; of several instances, one runs each time. */
export const notifyEveryMs = 15 * 60_000;
/** Digests are sent from this hour, Oslo time: yesterday's each morning, last week's on Monday morning. */
export const digestHour = 7;
/** A page's alert is told once a week at most (to each person and webhook), however long it lasts. */
const alertQuietDays = 7;
/** A failed delivery is tried again after 5, 10, 20 ... minutes (at most 6 hours), 10 times in all (about a day). */
export const maxAttempts = 10;
const retryAfterMs = (attempts: number) => Math.min(5 * 60_000 * 2 ** (attempts - 1), 6 * 3_600_000);
/** Messages are written and kept this long: longer than any period or quiet time a key must be remembered for. */
const keepDays = 35;
/** A batch of 20 is this run's for 30 minutes: longer than 20 sends at their longest timeouts. */
const claimMs = 30 * 60_000;
/** What one digest shows at most. */
const limits = { sites: 20, watched: 20, comments: 10, changes: 10, mostNo: 5, alertsPerSite: 50, alertComments: 3 };

/** One message of a run, as `notify` prints it. */
export interface Delivery {
  channel: 'mail' | 'webhook';
  kind: 'digest' | 'alert';
  key: string;
  to: string;
  outcome: 'sent' | 'retry' | 'failed';
  reason?: string;
}

const day = 86_400_000;
const pathKey = (path: string) => createHash('sha256').update(path).digest('base64url').slice(0, 16);
const isWatched = (watches: Watch[], path: string) =>
  watches.some((w) => ('path' in w ? w.path === path : path.startsWith(w.pathPrefix)));

/** The periods whose digests are due at `now`: yesterday's from 07:00 today, last week's from Monday 07:00. */
export function duePeriods(now: Date): Record<Exclude<Digest, 'off'>, { from: string; to: string }> {
  const today = osloDay(now);
  const reached = (d: string) =>
    now.getTime() >= (fromOsloDateTime(`${d} ${String(digestHour).padStart(2, '0')}:00:00`) as Date).getTime();
  const sendDay = reached(today) ? today : addDays(today, -1);
  const monday = bucketStart(today, 'week');
  const sendMonday = reached(monday) ? monday : addDays(monday, -7);
  return {
    daily: { from: addDays(sendDay, -1), to: addDays(sendDay, -1) },
    weekly: { from: addDays(sendMonday, -7), to: addDays(sendMonday, -1) },
  };
}

export interface NotifierDeps {
  outbox: OutboxStore;
  webhooks: WebhookStore;
  notices: NoticeReadModel;
  reports: ReportReadModel;
  system: SystemStore;
  alerts: AlertService;
  changes: ChangeService;
  sites: SiteService;
  config: Pick<Config, 'publicUrl' | 'smtpUrl' | 'mailFrom'>;
  secret: () => Promise<string>;
  metrics: Metrics;
  clock: Clock;
  log: Logger;
}

/**
 * Digests and alerts, by mail and webhook. A run plans what is due (each message written to the outbox once, by its
 * key) and then delivers what is waiting: each message claimed while it is sent, marked sent once it is, tried again
 * with back-off when it fails.
 */
export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** The run under way in this process: a tick while it runs (a long 07:00 run) waits for the next. */
  private running: Promise<Delivery[]> | undefined;

  /** Plans and delivers what is due now: one Delivery per message tried. One run at a time in a process. */
  async run(): Promise<Delivery[]> {
    if (this.running) return [];
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runOnce(): Promise<Delivery[]> {
    const now = this.deps.clock();
    await this.plan(now);
    const deliveries = await this.deliver();
    await this.deps.outbox.deleteBefore(new Date(now.getTime() - keepDays * day));
    return deliveries;
  }

  /**
   * The job's turn: runs when 15 minutes have passed since the last run by any instance. Of instances that tick at
   * once, the first to take the advisory lock runs and the others see that it did. True when this one ran.
   */
  async tick(everyMs = notifyEveryMs): Promise<boolean> {
    const { system, clock, log } = this.deps;
    const due = await system.underLock(notifyLockKey, async (trx) => {
      const now = clock();
      const last = await system.setting('last_notify', trx);
      if (last && now.getTime() - new Date(last).getTime() < everyMs - 60_000) return false;
      await system.setSetting('last_notify', now.toISOString(), trx);
      return true;
    });
    if (!due || this.running) return false;
    const deliveries = await this.run();
    const count = (outcome: Delivery['outcome']) => deliveries.filter((d) => d.outcome === outcome).length;
    if (deliveries.length)
      log.info({ sent: count('sent'), retry: count('retry'), failed: count('failed') }, 'notifications delivered');
    return true;
  }

  /** Ticks every 15 minutes (and now); answers the function that stops it. */
  schedule(everyMs = notifyEveryMs): () => void {
    const tick = () =>
      this.tick(everyMs).catch((err) =>
        this.deps.log.warn({ err }, 'notifications: the run failed; it is tried again in 15 minutes'),
      );
    const timer = setInterval(() => void tick(), everyMs);
    timer.unref();
    void tick();
    return () => clearInterval(timer);
  }

  private async plan(now: Date): Promise<void> {
    // The key the unsubscribe links are signed with, read once a run (it may be kept in the database).
    this.secret = await this.deps.secret();
    const alertsOf = this.alertsOfSites();
    const mail = this.deps.config.smtpUrl !== undefined;
    if (mail) await this.planDigests(now, alertsOf);
    await this.planAlerts(now, mail, alertsOf);
  }

  /** Today's alerts of a site, read once a run. */
  private alertsOfSites() {
    const read = new Map<string, Promise<Alert[]>>();
    return (siteId: string) => {
      const alerts = read.get(siteId) ?? this.deps.alerts.alerts(siteId, {});
      read.set(siteId, alerts);
      return alerts;
    };
  }

  /** The service's secret, as read at the start of this run's plan. */
  private secret = '';

  private links(userId: string | undefined, what: MailKind, lang?: Lang): NoticeLinks {
    const { publicUrl } = this.deps.config;
    const admin = (path: string, params: Record<string, string>) => {
      const url = new URL(path, publicUrl);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      return url.href;
    };
    const site = (siteId: string) => `/admin/sites/${encodeURIComponent(siteId)}`;
    return {
      page: (siteId, path, range) => admin(`${site(siteId)}/page`, { path, ...range }),
      site: (siteId, range) => admin(site(siteId), range),
      preferences: admin('/admin/notifications', {}),
      ...(userId !== undefined && {
        unsubscribe: unsubscribeUrl(publicUrl, this.secret, userId, what, lang),
      }),
    };
  }

  private async planDigests(now: Date, alertsOf: (siteId: string) => Promise<Alert[]>): Promise<void> {
    const periods = duePeriods(now);
    const recipients = await this.deps.notices.recipients('digest', now);
    const keyOf = (r: Recipient) => {
      const period: 'daily' | 'weekly' = r.digest === 'daily' ? 'daily' : 'weekly';
      return { period, range: periods[period], key: `digest:${period}:${periods[period].from}:user:${r.userId}` };
    };
    const known = await this.deps.outbox.known(recipients.map((r) => keyOf(r).key));
    for (const recipient of recipients) {
      const { period, range, key } = keyOf(recipient);
      if (known.has(key)) continue;
      const sites: DigestSite[] = [];
      for (const [siteId, watches] of [...recipient.watches].slice(0, limits.sites)) {
        const site = await this.digestSite(siteId, watches, range, alertsOf);
        if (site) sites.push(site);
      }
      // A quiet period is told too: the person chose to hear each day or week, and learns that nothing failed.
      const notice: DigestNotice = { period, ...range, sites };
      const links = this.links(recipient.userId, 'digest', recipient.lang);
      const mail = {
        to: recipient.email,
        ...digestMail(recipient.lang, notice, links),
        unsubscribe: links.unsubscribe ?? '',
      };
      await this.deps.outbox.add([{ key, kind: 'digest', channel: 'mail', userId: recipient.userId, mail }], now);
    }
  }

  private async digestSite(
    siteId: string,
    watches: Watch[],
    range: { from: string; to: string },
    alertsOf: (siteId: string) => Promise<Alert[]>,
  ): Promise<DigestSite | undefined> {
    const { notices, reports, sites, changes } = this.deps;
    const site = await sites.get(siteId);
    if (!site) return undefined;
    const [watched, alerts, changed, mostNo] = await Promise.all([
      notices.watchedPages(siteId, watches, range, limits.watched),
      alertsOf(siteId),
      notices.changes(siteId, watches, range, limits.changes),
      reports.pages(siteId, { ...range, sort: 'no', limit: limits.mostNo, offset: 0 }),
    ]);
    const judged = [];
    for (const change of changed) {
      const found = (await changes.list(siteId, { path: change.path, limit: 100 })).find((c) => c.id === change.id);
      if (found) judged.push({ ...change, verdict: found.verdict });
    }
    return {
      id: site.id,
      name: site.name,
      watching: watches.length > 0,
      watched,
      alerts: alerts.filter((a) => isWatched(watches, a.path)),
      newComments: watched.reduce((n, p) => n + p.comments, 0),
      comments: site.commentsInNotifications
        ? await notices.comments(siteId, watches, range, limits.comments)
        : undefined,
      changes: judged,
      mostNo: mostNo.filter((p) => p.no > 0),
    };
  }

  /** Each new alert of a site to its webhooks, and by mail to the people who watch the page and want alerts. */
  private async planAlerts(now: Date, mail: boolean, alertsOf: (siteId: string) => Promise<Alert[]>) {
    const { outbox, webhooks, notices, sites } = this.deps;
    const hooks = await webhooks.list();
    const recipients = mail ? await notices.recipients('alerts', now) : [];
    const siteIds = new Set([
      ...hooks.map((h) => h.siteId),
      ...recipients.flatMap((r) => [...r.watches].filter(([, w]) => w.length).map(([siteId]) => siteId)),
    ]);
    const since = new Date(now.getTime() - alertQuietDays * day);
    for (const siteId of siteIds) {
      const site = await sites.get(siteId);
      const alerts = site ? (await alertsOf(siteId)).slice(0, limits.alertsPerSite) : [];
      if (!site || alerts.length === 0) continue;
      const made = new Map<string, Promise<AlertNotice>>();
      const noticeOf = (alert: Alert) => {
        const notice =
          made.get(alert.path) ??
          this.alertNotice({ id: site.id, name: site.name }, alert, site.commentsInNotifications);
        made.set(alert.path, notice);
        return notice;
      };
      const keyOf = (alert: Alert, to: string) => `alert:${siteId}:${pathKey(alert.path)}:${alert.at}:${to}`;
      const messages: Message[] = [];
      for (const hook of hooks.filter((h) => h.siteId === siteId)) {
        const told = await outbox.alertedPaths({ webhookId: hook.id }, siteId, since);
        const links = this.links(undefined, 'alerts');
        for (const alert of alerts.filter((a) => !told.has(a.path))) {
          const report = links.page(siteId, alert.path, { from: alert.baseline.from, to: alert.recent.to });
          messages.push({
            key: keyOf(alert, `webhook:${hook.id}`),
            kind: 'alert',
            channel: 'webhook',
            webhookId: hook.id,
            siteId,
            path: alert.path,
            post: { body: alertPayload(hook.format, await noticeOf(alert), report) },
          });
        }
      }
      for (const recipient of recipients) {
        const watches = recipient.watches.get(siteId) ?? [];
        const watched = alerts.filter((a) => isWatched(watches, a.path));
        if (watched.length === 0) continue;
        const told = await outbox.alertedPaths({ userId: recipient.userId }, siteId, since);
        const links = this.links(recipient.userId, 'alerts', recipient.lang);
        for (const alert of watched.filter((a) => !told.has(a.path))) {
          const content = alertMail(recipient.lang, await noticeOf(alert), links);
          messages.push({
            key: keyOf(alert, `user:${recipient.userId}`),
            kind: 'alert',
            channel: 'mail',
            userId: recipient.userId,
            siteId,
            path: alert.path,
            mail: { to: recipient.email, ...content, unsubscribe: links.unsubscribe ?? '' },
          });
        }
      }
      await outbox.add(messages, now);
    }
  }

  private async alertNotice(site: AlertNotice['site'], alert: Alert, withComments: boolean): Promise<AlertNotice> {
    const comments = withComments
      ? await this.deps.notices.comments(site.id, [{ path: alert.path }], alert.recent, limits.alertComments)
      : undefined;
    return { site, alert, comments };
  }

  /** Sends what is due: batches claimed in turn until none is left (a failed one waits for its retry). */
  private async deliver(): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    let postman: Postman | undefined;
    const postmanOf = () => {
      const { smtpUrl, mailFrom } = this.deps.config;
      if (!smtpUrl) throw new DeliveryError('FANTDU_SMTP_URL is not set');
      postman ??= smtpPostman(smtpUrl, mailFrom);
      return postman;
    };
    try {
      for (let batch = 0; batch < 100; batch++) {
        // Each batch's claim counts from when it is taken, and outlasts what sending 20 can take (40 s each at worst).
        const now = this.deps.clock();
        const claimed = await this.deps.outbox.claim(now, new Date(now.getTime() + claimMs), 20);
        if (claimed.length === 0) break;
        for (const message of claimed) deliveries.push(await this.send(message, now, postmanOf));
      }
    } finally {
      postman?.close();
    }
    return deliveries;
  }

  private async send(message: Claimed, now: Date, postmanOf: () => Postman): Promise<Delivery> {
    const { outbox, webhooks, metrics, log } = this.deps;
    const { channel, kind, key } = message;
    let to = channel === 'mail' ? message.mail.to : `webhook ${message.webhookId}`;
    try {
      if (channel === 'mail') {
        const host = new URL(this.deps.config.publicUrl).hostname;
        await postmanOf().send(message.mail, `<fantdu-${message.id}@${host}>`);
      } else {
        const hook = await webhooks.get(message.webhookId);
        if (!hook) throw new DeliveryError('webhook removed');
        to = `webhook ${hook.id} (${new URL(hook.url).host})`;
        const { body } = message.post;
        await postWebhook(hook.url, body, {
          'X-Fantdu-Event': kind,
          'X-Fantdu-Delivery': message.id,
          ...(hook.format === 'json' && { 'X-Fantdu-Signature': signatureOf(body, hook.secret) }),
        });
      }
    } catch (err) {
      if (!(err instanceof DeliveryError)) log.warn({ err }, 'notifications: a delivery failed unexpectedly');
      const reason = err instanceof DeliveryError ? err.reason : 'error';
      const retry = message.attempts < maxAttempts && reason !== 'webhook removed';
      await outbox.failed(
        message,
        reason,
        retry ? new Date(now.getTime() + retryAfterMs(message.attempts)) : undefined,
      );
      metrics.notificationsFailed.inc({ channel });
      return { channel, kind, key, to, outcome: retry ? 'retry' : 'failed', reason };
    }
    // Sent: marked outside the try, so that a failing mark is not taken for a failed send (and sent again).
    await outbox.sent(message, now);
    metrics.notificationsSent.inc({ channel });
    return { channel, kind, key, to, outcome: 'sent' };
  }
}
