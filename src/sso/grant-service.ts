import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { Role } from '../values.ts';
import { claimValuePattern, emailDomain, type Grant, type GrantKind } from './grant.ts';
import type { GrantStore } from './grant-store.ts';

/** What a grant matches, as the CLI names it. */
export type GrantTarget = { claim: string } | { emailDomain: string };

const target = (grant: Pick<Grant, 'kind' | 'value'>) => `${grant.kind}:${grant.value}`;

/** The grants of single sign-on: made, listed and revoked by the CLI, each audited on its site. */
export class GrantService {
  constructor(
    private readonly store: GrantStore,
    private readonly sites: SiteService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Gives a site to everyone whose sign-in matches; the same site and value again changes the role. */
  async grant(siteId: string, to: GrantTarget, role: Role, actor = 'cli'): Promise<{ grant: Grant; created: boolean }> {
    if (!(await this.sites.get(siteId))) throw Invalid.field('site', 'is not a site', `There is no site "${siteId}".`);
    const { grant, before } = await this.store.save({
      siteId,
      ...this.kindAndValue(to),
      role,
      createdAt: this.clock(),
    });
    await this.audit.record({
      siteId,
      actor,
      action: 'sso.grant',
      target: target(grant),
      details: { id: grant.id, role, ...(before ? { before } : {}) },
    });
    return { grant, created: before === undefined };
  }

  list(siteId?: string): Promise<Grant[]> {
    return this.store.list(siteId);
  }

  /** Revokes a grant by its id, or by its site and value: the people it gave a site lose it at once. */
  async revoke(which: string | { siteId: string; to: GrantTarget }, actor = 'cli'): Promise<Grant> {
    if (typeof which === 'string' && !/^[1-9]\d{0,15}$/.test(which))
      throw Invalid.field('id', 'is not a grant id', `"${which}" is not a grant id (see: fantdu sso list).`);
    const revoked = await this.store.delete(
      typeof which === 'string' ? { id: which } : { siteId: which.siteId, ...this.kindAndValue(which.to) },
    );
    if (!revoked) throw Invalid.field('id', 'is not a grant', 'There is no such grant (see: fantdu sso list).');
    await this.audit.record({
      siteId: revoked.siteId,
      actor,
      action: 'sso.revoke',
      target: target(revoked),
      details: { id: revoked.id, role: revoked.role },
    });
    return revoked;
  }

  private kindAndValue(to: GrantTarget): { kind: GrantKind; value: string } {
    if ('claim' in to) {
      if (!claimValuePattern.test(to.claim))
        throw Invalid.field('claim', 'must be 1 to 500 characters', '--claim must be 1 to 500 characters.');
      return { kind: 'claim', value: to.claim };
    }
    const domain = emailDomain(to.emailDomain);
    if (!domain)
      throw Invalid.field(
        'email-domain',
        'is not a domain',
        `--email-domain must be a domain such as sandnes.kommune.no, not "${to.emailDomain}".`,
      );
    return { kind: 'email-domain', value: domain };
  }
}
