import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { Problem } from '../http/problem.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Limiter, Limiters } from '../rate-limit/rate-limit.ts';
import { consumeOr429 } from '../rate-limit/rate-limit.ts';
import type { SiteService } from '../sites/site-service.ts';
import { AccountStore, type Role } from './account-store.ts';
import { decoyHash, generatePassword, hashPassword, minPasswordLength, verifyPassword } from './passwords.ts';

export type { Role };

/** Who is asking, and which sites they may see with which role. */
export interface Credential {
  /** For the audit log: the user's e-mail or `token:NAME`. */
  actor: string;
  userId: string | null;
  sessionIdHash: string | null;
  sites: ReadonlyMap<string, Role>;
}

export const sessionHours = 12;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const accountKeyOf = (email: string) => sha256(email.trim().toLowerCase()).slice(0, 32);
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Editors and admins: users with passwords and sessions, API tokens, and the throttling of failed logins. */
export class AccountService {
  private readonly failuresByAccount: Limiter;
  private readonly failuresByClient: Limiter;

  constructor(
    private readonly store: AccountStore,
    private readonly sites: SiteService,
    private readonly audit: AuditLog,
    private readonly secret: string,
    private readonly clock: Clock,
    limiters: Limiters,
  ) {
    // Ten wrong passwords in a row (within 15 minutes) lock an account for the rest of them; a client gets 100 a day.
    this.failuresByAccount = limiters.create({ keyPrefix: 'login-account', points: 10, duration: 900 });
    this.failuresByClient = limiters.create({ keyPrefix: 'login-client', points: 100, duration: 86_400 });
  }

  /** Adds a user with a generated first password (returned), or gives an existing user a role on one more site. */
  async addUser(email: string, siteId: string, role: Role, actor = 'cli'): Promise<{ password: string | undefined }> {
    const address = email.trim();
    if (!emailPattern.test(address)) throw new Problem(400, `"${email}" is not an e-mail address.`);
    if (!(await this.sites.get(siteId))) throw new Problem(400, `There is no site "${siteId}".`);
    const existing = await this.store.findUserByEmail(address);
    const password = existing ? undefined : generatePassword();
    const userId = existing?.id ?? (await this.store.insertUser(address, await hashPassword(password as string), this.clock()));
    await this.store.grantSite(userId, siteId, role);
    await this.audit.record({ siteId, actor, action: existing ? 'user.grant' : 'user.create', target: address, details: { role } });
    return { password };
  }

  /** A new API token for one site; only its hash is kept, so this is the one time it is seen. */
  async createToken(siteId: string, name: string, role: Role, actor = 'cli'): Promise<string> {
    if (!(await this.sites.get(siteId))) throw new Problem(400, `There is no site "${siteId}".`);
    if (!name.trim()) throw new Problem(400, 'A token needs a name (--name LABEL).');
    const token = `fdu_${randomBytes(32).toString('base64url')}`;
    const id = await this.store.insertToken({ siteId, name: name.trim(), role, hash: sha256(token), at: this.clock() });
    await this.audit.record({ siteId, actor, action: 'token.create', target: `token:${name.trim()}`, details: { id, role } });
    return token;
  }

  async tokenCredential(token: string): Promise<Credential | undefined> {
    const row = await this.store.findToken(sha256(token));
    return row && { actor: `token:${row.name}`, userId: null, sessionIdHash: null, sites: new Map([[row.siteId, row.role]]) };
  }

  async sessionCredential(sessionId: string): Promise<Credential | undefined> {
    const idHash = sha256(sessionId);
    const user = await this.store.findSessionUser(idHash, this.clock());
    return user && { actor: user.email, userId: user.id, sessionIdHash: idHash, sites: await this.store.sitesOf(user.id) };
  }

  /**
   * Checks the password; answers a new session id, or undefined for a wrong e-mail or password (which is counted:
   * too many in a row for an account, or in a day from a client, are refused with 429 before any check).
   */
  async login(email: string, password: string, clientKey: string): Promise<string | undefined> {
    const accountKey = accountKeyOf(email);
    await this.refuseIfBlocked([this.failuresByAccount, accountKey], [this.failuresByClient, clientKey]);
    const user = await this.store.findUserByEmail(email.trim());
    const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
    const sites = user ? [...(await this.store.sitesOf(user.id)).keys()] : [];
    const entries = (action: string) => (sites.length ? sites : [null]).map((siteId) => ({ siteId, actor: email.trim().slice(0, 200), action }));
    if (!user || !ok) {
      await this.audit.record(...entries('login.failed'));
      await Promise.all([
        consumeOr429(this.failuresByAccount, accountKey, retryAfterText),
        consumeOr429(this.failuresByClient, clientKey, retryAfterText),
      ]);
      return undefined;
    }
    await this.failuresByAccount.delete(accountKey);
    const sessionId = randomBytes(32).toString('base64url');
    const now = this.clock();
    await this.store.deleteExpiredSessions(now);
    await this.store.insertSession(sha256(sessionId), user.id, now, new Date(now.getTime() + sessionHours * 3_600_000));
    await this.audit.record(...entries('login'));
    return sessionId;
  }

  async logout(credential: Credential): Promise<void> {
    if (credential.sessionIdHash) await this.store.deleteSession(credential.sessionIdHash);
  }

  /** Changes a user's password; their other sessions end. */
  async changePassword(credential: Credential, current: string, next: string): Promise<void> {
    if (!credential.userId || !credential.sessionIdHash) throw new Problem(403, 'Only a logged-in user can change a password.');
    const user = await this.store.findUserByEmail(credential.actor);
    const accountKey = accountKeyOf(credential.actor);
    await this.refuseIfBlocked([this.failuresByAccount, accountKey]);
    if (!user || !(await verifyPassword(current, user.passwordHash))) {
      await consumeOr429(this.failuresByAccount, accountKey, retryAfterText);
      throw new Problem(400, 'The current password is wrong.', { errors: [{ field: 'current', message: 'is wrong' }] });
    }
    if ([...next].length < minPasswordLength) {
      throw new Problem(400, `The new password must have at least ${minPasswordLength} characters.`, { errors: [{ field: 'password', message: `must have at least ${minPasswordLength} characters` }] });
    }
    await this.store.updatePassword(user.id, await hashPassword(next), this.clock());
    await this.store.deleteOtherSessions(user.id, credential.sessionIdHash);
    await this.audit.record(...[...credential.sites.keys()].map((siteId) => ({ siteId, actor: credential.actor, action: 'user.password' })));
  }

  /** A form's CSRF token: tied to the session, so a page of another site cannot make one. */
  csrfToken(credential: Credential): string {
    return createHmac('sha256', this.secret).update(`csrf:${credential.sessionIdHash ?? ''}`).digest('base64url');
  }

  checkCsrf(credential: Credential, token: unknown): boolean {
    if (!credential.sessionIdHash) return false;
    const expected = Buffer.from(this.csrfToken(credential));
    const given = Buffer.from(typeof token === 'string' ? token : '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** 429 when any of these counters of failures is used up. */
  private async refuseIfBlocked(...counters: [Limiter, string][]): Promise<void> {
    const states = await Promise.all(counters.map(([limiter, key]) => limiter.get(key)));
    const blocked = states.filter((res) => res && res.remainingPoints <= 0 && res.msBeforeNext > 0);
    if (blocked.length === 0) return;
    const retryAfter = Math.max(1, Math.ceil(Math.max(...blocked.map((res) => res?.msBeforeNext ?? 0)) / 1000));
    throw new Problem(429, retryAfterText(retryAfter), { retryAfter });
  }
}

const retryAfterText = (seconds: number) => `Too many failed logins. Try again in ${Math.ceil(seconds / 60)} minutes.`;
