import type { Credential } from '../accounts/credential.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Conflict, Forbidden } from '../errors.ts';
import type { Preferences, Watch } from './notification.ts';
import type { MailKind } from './unsubscribe.ts';
import type { WatchStore } from './watch-store.ts';

/** A person may watch this many pages and prefixes, all sites together. */
export const maxWatches = 500;

/** Watches and what a person wants to be told belong to a person: an API token has neither. */
function personOf(by: Credential): string {
  if (by.userId === null) throw new Forbidden('Watches and notifications belong to a person: sign in to /admin.');
  return by.userId;
}

/** What each person watches, and how they want to be told of it. */
export class NotificationService {
  constructor(
    private readonly watches: WatchStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(siteId: string, by: Credential): Promise<Watch[]> {
    return this.watches.list(personOf(by), siteId);
  }

  /** Everything the person watches on the sites they may still see. */
  async all(by: Credential): Promise<{ siteId: string; watch: Watch }[]> {
    return (await this.watches.all(personOf(by))).filter(({ siteId }) => by.sites.has(siteId));
  }

  async watch(siteId: string, watch: Watch, by: Credential): Promise<void> {
    const outcome = await this.watches.add(personOf(by), siteId, watch, this.clock(), maxWatches);
    if (outcome === 'full')
      throw new Conflict(`A person may watch at most ${maxWatches} pages and paths; stop watching some first.`);
  }

  async unwatch(siteId: string, watch: Watch, by: Credential): Promise<void> {
    await this.watches.remove(personOf(by), siteId, watch);
  }

  async preferences(by: Credential): Promise<Preferences> {
    const found = await this.watches.preferences(personOf(by));
    return { digest: found?.digest ?? 'weekly', alerts: found?.alerts ?? true };
  }

  async choose(preferences: Partial<Preferences>, by: Credential): Promise<Preferences> {
    await this.watches.setPreferences(personOf(by), preferences);
    return this.preferences(by);
  }

  /**
   * Turns a kind of mail off for a person, from the signed link in a mail (checked by the caller): no session, so
   * the audit names the link. False when there is no such person.
   */
  async unsubscribe(userId: string, what: MailKind): Promise<boolean> {
    if (!/^[1-9]\d{0,17}$/.test(userId)) return false;
    const before = await this.watches.preferences(userId);
    if (!before) return false;
    // A link used again (or by a mail scanner) changes nothing and records nothing.
    if (what === 'digest' ? before.digest === 'off' : !before.alerts) return true;
    const changed = await this.watches.setPreferences(
      userId,
      what === 'digest' ? { digest: 'off' } : { alerts: false },
    );
    if (changed)
      await this.audit.record({
        siteId: null,
        actor: `user ${userId} (unsubscribe link)`,
        action: 'notifications.unsubscribe',
        details: { what },
      });
    return changed;
  }
}
