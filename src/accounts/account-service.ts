import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { Problem } from '../http/problem.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Limiter, Limiters } from '../rate-limit/rate-limit.ts';
import { consumeOr429 } from '../rate-limit/rate-limit.ts';
import type { SiteService } from '../sites/site-service.ts';
import { AccountStore, type Role, type TokenInfo } from './account-store.ts';
import { retryAfterSeconds } from '../errors.ts';
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
/** Ten logins tried for an account lock it for fifteen minutes; a right password starts the count over. */
const maxAttempts = 10;
const lockMs = 15 * 60_000;
/** A token's last use is written at most this often (per instance), so that using one costs no write per request. */
const touchEveryMs = 60_000;

export class AccountService {
  private readonly attemptsByClient: Limiter;
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: AccountStore,
    private readonly sites: SiteService,
    private readonly audit: AuditLog,
    private readonly secret: string,
    private readonly clock: Clock,
    limiters: Limiters,
  ) {
    // A client gets 100 wrong passwords a day, whichever accounts they are for.
    this.attemptsByClient = limiters.create({ keyPrefix: 'login-client', points: 100, duration: 86_400 });
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
  async createToken(siteId: string, name: string, role: Role, actor = 'cli', expiresDays?: number): Promise<string> {
    if (!(await this.sites.get(siteId))) throw new Problem(400, `There is no site "${siteId}".`);
    if (!name.trim()) throw new Problem(400, 'A token needs a name (--name LABEL).');
    if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays >= 1 && expiresDays <= 3650)) {
      throw new Problem(400, '--expires-days must be a whole number of days from 1 to 3650.');
    }
    const token = `fdu_${randomBytes(32).toString('base64url')}`;
    const now = this.clock();
    const expiresAt = expiresDays === undefined ? null : new Date(now.getTime() + expiresDays * 86_400_000);
    const id = await this.store.insertToken({ siteId, name: name.trim(), role, hash: sha256(token), at: now, expiresAt });
    await this.audit.record({ siteId, actor, action: 'token.create', target: `token:${name.trim()}`, details: { id, role, expiresAt: expiresAt?.toISOString() ?? null } });
    return token;
  }

  listTokens(siteId: string): Promise<TokenInfo[]> {
    return this.store.listTokens(siteId);
  }

  /** Revokes a token at once, on every instance (each request reads its token). */
  async revokeToken(id: string, actor = 'cli'): Promise<{ siteId: string; name: string }> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new Problem(400, `"${id}" is not a token id (see: fantdu token list --site ID).`);
    const revoked = await this.store.revokeToken(id, this.clock());
    if (!revoked) throw new Problem(400, `There is no token ${id} that is still valid.`);
    await this.audit.record({ siteId: revoked.siteId, actor, action: 'token.revoke', target: `token:${revoked.name}`, details: { id } });
    return revoked;
  }

  async tokenCredential(token: string): Promise<Credential | undefined> {
    const now = this.clock();
    const row = await this.store.findToken(sha256(token), now);
    if (!row) return undefined;
    this.noteUse(row.id, row.lastUsedAt, now);
    return { actor: `token:${row.name}`, userId: null, sessionIdHash: null, sites: new Map([[row.siteId, row.role]]) };
  }

  /** Keeps a token's last use, written at most once a minute per token; a failed write costs the request nothing. */
  private noteUse(id: string, lastUsedAt: Date | null, now: Date): void {
    const last = Math.max(this.touched.get(id) ?? 0, lastUsedAt?.getTime() ?? 0);
    if (now.getTime() - last < touchEveryMs) return;
    this.touched.set(id, now.getTime());
    this.store.touchToken(id, now).catch(() => this.touched.delete(id));
  }

  async sessionCredential(sessionId: string): Promise<Credential | undefined> {
    const idHash = sha256(sessionId);
    const user = await this.store.findSessionUser(idHash, this.clock());
    return user && { actor: user.email, userId: user.id, sessionIdHash: idHash, sites: await this.store.sitesOf(user.id) };
  }

  /**
   * Checks the password; answers a new session id, or undefined for a wrong e-mail or password. Every attempt is
   * counted before the password is checked (one statement in the database for the account, the limiter for the
   * client), so guesses sent at once cannot outrun the count: at most ten are checked before the account locks
   * (429), and during the lock the right password is refused too.
   */
  async login(email: string, password: string, clientKey: string): Promise<string | undefined> {
    const accountKey = accountKeyOf(email);
    await consumeOr429(this.attemptsByClient, clientKey, retryAfterText);
    await this.countAttempt(accountKey);
    const user = await this.store.findUserByEmail(email.trim());
    const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
    const sites = user ? [...(await this.store.sitesOf(user.id)).keys()] : [];
    // A known user's failures are theirs; whatever was typed for an unknown one (a password, perhaps) is not kept.
    const entries = (action: string) => (sites.length ? sites : [null]).map((siteId) => ({ siteId, actor: user?.email ?? 'unknown', action }));
    if (!user || !ok) {
      await this.audit.record(...entries('login.failed'));
      return undefined;
    }
    await this.store.clearLoginAttempts(accountKey);
    await this.attemptsByClient.reward(clientKey, 1).catch(() => {});
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
    await this.countAttempt(accountKey);
    if (!user || !(await verifyPassword(current, user.passwordHash))) {
      throw new Problem(400, 'The current password is wrong.', { errors: [{ field: 'current', message: 'is wrong' }] });
    }
    if ([...next].length < minPasswordLength) {
      throw new Problem(400, `The new password must have at least ${minPasswordLength} characters.`, { errors: [{ field: 'password', message: `must have at least ${minPasswordLength} characters` }] });
    }
    await this.store.clearLoginAttempts(accountKey);
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

  /** Counts an attempt at an account's password; 429 once the attempts of its window are used up. */
  private async countAttempt(accountKey: string): Promise<void> {
    const now = this.clock();
    const { attempts, windowEnds } = await this.store.countLoginAttempt(accountKey, now, maxAttempts, lockMs);
    if (attempts <= maxAttempts) return;
    const retryAfter = retryAfterSeconds(windowEnds.getTime() - now.getTime());
    throw new Problem(429, retryAfterText(retryAfter), { retryAfter });
  }
}

const retryAfterText = (seconds: number) => `Too many failed logins. Try again in ${Math.ceil(seconds / 60)} minutes.`;
