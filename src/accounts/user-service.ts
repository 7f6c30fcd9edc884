import { createHash, randomBytes } from 'node:crypto';
import type { AuditAction } from '../audit/audit-actions.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Forbidden, Invalid } from '../errors.ts';
import type { SiteService } from '../sites/site-service.ts';
import { isEmail, type Lang, type Role, strongerRole } from '../values.ts';
import { type Credential, sessionHours } from './credential.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { decoyHash, generatePassword, hashPassword, minPasswordLength, verifyPassword } from './passwords.ts';
import type { Identity, UserStore } from './user-store.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type LoginOutcome =
  | { kind: 'in'; sessionId: string }
  | { kind: 'wrong' }
  | { kind: 'locked'; retryAfter: number };
/** A sign-in with single sign-on: a session, a person refused (and why), or a person with no site. */
export type IdentityLogin =
  | { kind: 'in'; sessionId: string; actor: string }
  | { kind: 'refused'; reason: SignInRefusal }
  | { kind: 'no-grant' };
/** Why a person the provider vouches for is not let in: no e-mail, one it says is unchecked, or another's. */
export type SignInRefusal = 'no-email' | 'unverified' | 'other-identity';
/** What the provider vouches for: who, their e-mail, and whether it says it checked the e-mail. */
export type VouchedIdentity = Identity & { emailVerified: boolean | undefined };
export type PasswordChange =
  | { kind: 'changed' }
  | { kind: 'no-password' }
  | { kind: 'wrong-current' }
  | { kind: 'too-short'; min: number }
  | { kind: 'locked'; retryAfter: number };

/** Editors and admins: users with passwords, their roles on sites, and their sessions. */
export class UserService {
  constructor(
    private readonly store: UserStore,
    private readonly sites: SiteService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Adds a user with a generated first password (returned), or gives an existing user a role on one more site. */
  async addUser(email: string, siteId: string, role: Role, actor = 'cli'): Promise<{ password: string | undefined }> {
    const address = email.trim();
    if (!isEmail(address))
      throw Invalid.field('email', 'must be an e-mail address', `"${email}" is not an e-mail address.`);
    if (!(await this.sites.get(siteId))) throw Invalid.field('site', 'is not a site', `There is no site "${siteId}".`);
    const existing = await this.store.findByEmail(address);
    const password = existing ? undefined : generatePassword();
    const userId =
      existing?.id ?? (await this.store.insert(address, await hashPassword(password as string), this.clock()));
    await this.store.grantSite(userId, siteId, role);
    await this.audit.record({
      siteId,
      actor,
      action: existing ? 'user.grant' : 'user.create',
      target: address,
      details: { role },
    });
    return { password };
  }

  async sessionCredential(sessionId: string): Promise<Credential | undefined> {
    const idHash = sha256(sessionId);
    const user = await this.store.findSessionUser(idHash, this.clock());
    if (!user) return undefined;
    return {
      actor: user.email,
      userId: user.id,
      sessionIdHash: idHash,
      sites: await this.store.sitesWithGrants(user.id),
      lang: user.lang,
    };
  }

  /** The language a person reads /admin and their mails in, kept on them for every session to come. */
  async chooseLanguage(credential: Credential, lang: Lang): Promise<void> {
    if (!credential.userId) throw new Forbidden('A language is chosen by a person: sign in to /admin.');
    await this.store.setLanguage(credential.userId, lang);
  }

  /**
   * Checks the password, once the attempt is counted (see LoginThrottle): a new session, a wrong e-mail or
   * password, or an account or client that must wait. During a lock the right password is refused too.
   */
  async login(email: string, password: string, clientKey: string): Promise<LoginOutcome> {
    // The account is counted and found by the very same text, so that no way of writing it escapes its count.
    const address = email.trim();
    const permit = await this.throttle.attempt(address, clientKey);
    if (!permit.ok) return { kind: 'locked', retryAfter: permit.retryAfter };
    const user = await this.store.findByEmail(address);
    const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
    const sites = user ? [...(await this.store.sitesOf(user.id)).keys()] : [];
    // A known user's failures are theirs; whatever was typed for an unknown one (a password, perhaps) is not kept.
    const entries = (action: AuditAction) =>
      (sites.length ? sites : [null]).map((siteId) => ({ siteId, actor: user?.email ?? 'unknown', action }));
    if (!user || !ok) {
      await this.audit.record(...entries('login.failed'));
      return { kind: 'wrong' };
    }
    await this.throttle.succeeded(address, clientKey);
    const sessionId = await this.openSession(user.id, false);
    await this.audit.record(...entries('login'));
    return { kind: 'in', sessionId };
  }

  /**
   * Signs in a person their provider vouches for, with the sites of the grants they match now (and their own roles):
   * the grants are kept on the user, for all their sessions, until their next sign-in or a grant's revocation.
   * The user is found by the provider's issuer and subject, else by e-mail: an account that has none yet is linked
   * only when the provider says it checked the e-mail, and never one linked to another identity. A person made at
   * their first sign-in has no password; one with no site is not made at all.
   */
  async signInWithIdentity(
    identity: VouchedIdentity,
    grants: readonly { id: string; siteId: string; role: Role }[],
  ): Promise<IdentityLogin> {
    const refuse = async (reason: SignInRefusal | 'no-grant', actor = identity.email) => {
      await this.audit.record({ siteId: null, actor, action: 'login.refused', details: { method: 'oidc', reason } });
      return reason === 'no-grant' ? ({ kind: 'no-grant' } as const) : ({ kind: 'refused', reason } as const);
    };
    if (!isEmail(identity.email)) return refuse('no-email', 'unknown');
    if (identity.emailVerified === false) return refuse('unverified');
    const known =
      (await this.store.findByIdentity(identity.issuer, identity.subject)) ??
      (await this.store.findByEmail(identity.email));
    const linked = known?.oidcSubject != null;
    const actor = known?.email ?? identity.email;
    if (linked && (known.oidcIssuer !== identity.issuer || known.oidcSubject !== identity.subject))
      return refuse('other-identity', actor);
    if (known && !linked && identity.emailVerified !== true) return refuse('unverified', actor);
    const sites = known ? await this.store.sitesOf(known.id) : new Map<string, Role>();
    for (const grant of grants) sites.set(grant.siteId, strongerRole(sites.get(grant.siteId), grant.role));
    if (sites.size === 0) {
      // Their other sessions lose what grants gave them as well.
      if (known) await this.store.setGrants(known.id, []);
      return refuse('no-grant', actor);
    }
    const userId = known?.id ?? (await this.store.insertIdentity(identity, this.clock()));
    if (!userId) return refuse('other-identity'); // the e-mail was taken by another account a moment ago
    const perSite = (action: AuditAction, details: Record<string, unknown>) =>
      [...sites.keys()].map((siteId) => ({ siteId, actor, action, details }));
    if (!known) await this.audit.record(...perSite('user.create', { method: 'oidc' }));
    else if (!linked) {
      await this.store.linkIdentity(userId, identity);
      await this.audit.record(...perSite('user.link', { issuer: identity.issuer }));
    }
    await this.store.setGrants(
      userId,
      grants.map((g) => g.id),
    );
    const sessionId = await this.openSession(userId, true);
    await this.audit.record(...perSite('login', { method: 'oidc' }));
    return { kind: 'in', sessionId, actor };
  }

  /** A new session of 12 hours (sessions that have ended are cleared first); its id, for the cookie. */
  private async openSession(userId: string, oidc: boolean): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.store.deleteExpiredSessions(now);
    const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000);
    await this.store.insertSession({ idHash: sha256(sessionId), userId, createdAt: now, expiresAt, oidc });
    return sessionId;
  }

  /** Ends the session; whether it was begun by single sign-on (then the provider may be signed out of as well). */
  async logout(credential: Credential): Promise<{ oidc: boolean }> {
    return credential.sessionIdHash ? this.store.deleteSession(credential.sessionIdHash) : { oidc: false };
  }

  /** Changes a logged-in user's password; their other sessions end. The current password counts as a login attempt. */
  async changePassword(credential: Credential, current: string, next: string): Promise<PasswordChange> {
    if (!credential.userId || !credential.sessionIdHash)
      throw new Forbidden('Only a logged-in user can change a password.');
    const permit = await this.throttle.attempt(credential.actor);
    if (!permit.ok) return { kind: 'locked', retryAfter: permit.retryAfter };
    const user = await this.store.findByEmail(credential.actor);
    if (user && user.passwordHash === null) return { kind: 'no-password' };
    if (!user || !(await verifyPassword(current, user.passwordHash ?? decoyHash))) return { kind: 'wrong-current' };
    await this.throttle.succeeded(credential.actor);
    if ([...next].length < minPasswordLength) return { kind: 'too-short', min: minPasswordLength };
    await this.store.updatePassword(user.id, await hashPassword(next), this.clock());
    await this.store.deleteOtherSessions(user.id, credential.sessionIdHash);
    await this.audit.record(
      ...[...credential.sites.keys()].map(
        (siteId): AuditEntry => ({ siteId, actor: credential.actor, action: 'user.password' }),
      ),
    );
    return { kind: 'changed' };
  }
}
