import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Forbidden, Invalid } from '../errors.ts';
import type { SiteService } from '../sites/site-service.ts';
import { isEmail, type Role } from '../values.ts';
import { type Credential, sessionHours } from './credential.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { decoyHash, generatePassword, hashPassword, minPasswordLength, verifyPassword } from './passwords.ts';
import type { UserStore } from './user-store.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type LoginOutcome =
  | { kind: 'in'; sessionId: string }
  | { kind: 'wrong' }
  | { kind: 'locked'; retryAfter: number };
export type PasswordChange =
  | { kind: 'changed' }
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
    return (
      user && { actor: user.email, userId: user.id, sessionIdHash: idHash, sites: await this.store.sitesOf(user.id) }
    );
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
    const entries = (action: string) =>
      (sites.length ? sites : [null]).map((siteId) => ({ siteId, actor: user?.email ?? 'unknown', action }));
    if (!user || !ok) {
      await this.audit.record(...entries('login.failed'));
      return { kind: 'wrong' };
    }
    await this.throttle.succeeded(address, clientKey);
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.store.deleteExpiredSessions(now);
    await this.store.insertSession(sha256(sessionId), user.id, now, new Date(now.getTime() + sessionHours * 3_600_000));
    await this.audit.record(...entries('login'));
    return { kind: 'in', sessionId };
  }

  async logout(credential: Credential): Promise<void> {
    if (credential.sessionIdHash) await this.store.deleteSession(credential.sessionIdHash);
  }

  /** Changes a logged-in user's password; their other sessions end. The current password counts as a login attempt. */
  async changePassword(credential: Credential, current: string, next: string): Promise<PasswordChange> {
    if (!credential.userId || !credential.sessionIdHash)
      throw new Forbidden('Only a logged-in user can change a password.');
    const permit = await this.throttle.attempt(credential.actor);
    if (!permit.ok) return { kind: 'locked', retryAfter: permit.retryAfter };
    const user = await this.store.findByEmail(credential.actor);
    if (!user || !(await verifyPassword(current, user.passwordHash))) return { kind: 'wrong-current' };
    await this.throttle.succeeded(credential.actor);
    if ([...next].length < minPasswordLength) return { kind: 'too-short', min: minPasswordLength };
    await this.store.updatePassword(user.id, await hashPassword(next), this.clock());
    await this.store.deleteOtherSessions(user.id, credential.sessionIdHash);
    await this.audit.record(
      ...[...credential.sites.keys()].map((siteId) => ({ siteId, actor: credential.actor, action: 'user.password' })),
    );
    return { kind: 'changed' };
  }
}
