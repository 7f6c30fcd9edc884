import { createHash } from 'node:crypto';
import { NotFound } from '../errors.ts';
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

/**
 * Sites' privacy statements, each dated by when its content last changed: a setting it states (recorded when the
 * setting is saved), the configuration it states or its wording (recorded when a statement made by this
 * configuration and code is first asked for, or at the server's start).
 */
export class StatementService {
  constructor(
    private readonly sites: SiteService,
    private readonly config: StatementConfig,
  ) {}

  /** A site's statement in `lang`, made from the site as it is stored now. */
  async statement(siteId: string, lang: Lang): Promise<{ site: Site; statement: PrivacyStatement }> {
    const site = await this.sites.current(siteId);
    if (!site) throw new NotFound(`There is no site "${siteId}".`);
    const contents = langs.map((l) => statementContent(site, this.config, l));
    const changedAt = (await this.record(site, contents)) ?? site.statementChangedAt;
    return { site, statement: privacyStatement(contents[langs.indexOf(lang)] as StatementContent, changedAt) };
  }

  /** Dates every site's statement as this configuration makes it: the server's start is when that changed. */
  async recordAll(): Promise<void> {
    for (const site of await this.sites.list())
      await this.record(
        site,
        langs.map((l) => statementContent(site, this.config, l)),
      );
  }

  /** When the site's statement last changed, if its content (in every language) is not the one kept. */
  private async record(site: Site, contents: StatementContent[]): Promise<Date | undefined> {
    const hash = createHash('sha256').update(JSON.stringify(contents)).digest('base64url');
    return hash === site.statementHash ? undefined : this.sites.recordStatement(site.id, hash);
  }
}
