import { createHash } from 'node:crypto';
import { isDatabaseUnavailable, NotFound } from '../errors.ts';
import type { Site } from '../sites/site.ts';
import type { SiteService } from '../sites/site-service.ts';
import { type Lang, langs } from '../values.ts';
import {
  type PrivacyStatement,
  privacyStatement,
  type StatementConfig,
  type StatementContent,
  statementContent,
} from './privacy-statement.ts';

/** A site's statement in every language, and when its content last changed. */
interface Made {
  site: Site;
  contents: StatementContent[];
  changedAt: Date;
}

/**
 * Sites' privacy statements, each dated by when its content last changed: a setting it states (recorded when the
 * setting is saved), the configuration it states or its wording (recorded when a statement made by this
 * configuration and code is first asked for, or at the server's start).
 */
export class StatementService {
  /** The statement last made of each site: what is answered while the database does not answer. */
  private readonly lastMade = new Map<string, Made>();

  constructor(
    private readonly sites: SiteService,
    private readonly config: StatementConfig,
  ) {}

  /** A site's statement in `lang`, made from the site as it is stored now. */
  async statement(siteId: string, lang: Lang): Promise<{ site: Site; statement: PrivacyStatement }> {
    const made = await this.make(siteId).catch((err: unknown) => {
      const last = this.lastMade.get(siteId);
      if (last && isDatabaseUnavailable(err)) return last;
      throw err;
    });
    const content = made.contents[langs.indexOf(lang)] as StatementContent;
    return { site: made.site, statement: privacyStatement(content, made.changedAt) };
  }

  /** Dates every site's statement as this configuration makes it: the server's start is when that changed. */
  async recordAll(): Promise<void> {
    for (const site of await this.sites.list()) await this.record(site, this.contents(site));
  }

  private async make(siteId: string): Promise<Made> {
    const site = await this.sites.current(siteId);
    if (!site) throw new NotFound(`There is no site "${siteId}".`);
    const contents = this.contents(site);
    const made = { site, contents, changedAt: (await this.record(site, contents)) ?? site.statementChangedAt };
    this.lastMade.set(site.id, made);
    return made;
  }

  private contents(site: Site): StatementContent[] {
    return langs.map((lang) => statementContent(site, this.config, lang));
  }

  /** When the site's statement last changed, if its content (in every language) is not the one kept. */
  private async record(site: Site, contents: StatementContent[]): Promise<Date | undefined> {
    const hash = createHash('sha256').update(JSON.stringify(contents)).digest('base64url');
    return hash === site.statementHash ? undefined : this.sites.recordStatement(site.id, hash);
  }
}
