import type { Db } from '../db.ts';

export type Role = 'editor' | 'admin';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
}

export interface TokenRow {
  id: string;
  siteId: string;
  name: string;
  role: Role;
  lastUsedAt: Date | null;
}

/** What `token list` shows of a token: never its secret, nor its hash. */
export interface TokenInfo {
  id: string;
  siteId: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface LoginAttempt {
  /** Attempts in the current window, this one included. */
  attempts: number;
  windowEnds: Date;
}

export class AccountStore {
  constructor(private readonly db: Db) {}

  async findUserByEmail(email: string): Promise<UserRow | undefined> {
    const row = await this.db('users').whereRaw('lower(email) = lower(?)', [email]).first('id', 'email', 'password_hash as passwordHash');
    return row && { ...row, id: String(row.id) };
  }

  async insertUser(email: string, passwordHash: string, at: Date): Promise<string> {
    const [row] = await this.db('users').insert({ email, password_hash: passwordHash, created_at: at }).returning('id');
    return String(row.id);
  }

  async grantSite(userId: string, siteId: string, role: Role): Promise<void> {
    await this.db('user_sites').insert({ user_id: userId, site_id: siteId, role }).onConflict(['user_id', 'site_id']).merge(['role']);
  }

  async sitesOf(userId: string): Promise<Map<string, Role>> {
    const rows = await this.db('user_sites').where({ user_id: userId }).select('site_id', 'role');
    return new Map(rows.map((r: { site_id: string; role: Role }) => [r.site_id, r.role]));
  }

  async updatePassword(userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.db('users').where({ id: userId }).update({ password_hash: passwordHash, password_changed_at: at });
  }

  async insertSession(idHash: string, userId: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.db('sessions').insert({ id_hash: idHash, user_id: userId, created_at: createdAt, expires_at: expiresAt });
  }

  /** The user of a session that has not expired. Expired sessions are deleted on the way. */
  async findSessionUser(idHash: string, now: Date): Promise<{ id: string; email: string } | undefined> {
    const row = await this.db('sessions')
      .join('users', 'users.id', 'sessions.user_id')
      .where('sessions.id_hash', idHash)
      .andWhere('sessions.expires_at', '>', now)
      .first('users.id', 'users.email');
    return row && { id: String(row.id), email: row.email };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db('sessions').where({ id_hash: idHash }).delete();
  }

  async deleteOtherSessions(userId: string, keepIdHash: string): Promise<void> {
    await this.db('sessions').where({ user_id: userId }).whereNot({ id_hash: keepIdHash }).delete();
  }

  async deleteExpiredSessions(now: Date): Promise<void> {
    await this.db('sessions').where('expires_at', '<=', now).delete();
  }

  /**
   * Counts one login attempt for an account before its password is checked: one statement, so attempts sent at
   * once are counted one after another. A window of `lockMs` starts with the first attempt, and again with the
   * `max`th (the lock); after it ends the count starts over.
   */
  async countLoginAttempt(accountKey: string, now: Date, max: number, lockMs: number): Promise<LoginAttempt> {
    const windowEnds = new Date(now.getTime() + lockMs);
    const { rows } = await this.db.raw(
      `insert into login_throttle as t (account_key, attempts, window_ends) values (?, 1, ?)
       on conflict (account_key) do update set
         attempts = case when t.window_ends <= ? then 1 else t.attempts + 1 end,
         window_ends = case when t.window_ends <= ? or t.attempts + 1 = ? then excluded.window_ends else t.window_ends end
       returning attempts, window_ends`,
      [accountKey, windowEnds, now, now, max],
    );
    return { attempts: rows[0].attempts, windowEnds: new Date(rows[0].window_ends) };
  }

  /** A right password: the account's count starts over. */
  async clearLoginAttempts(accountKey: string): Promise<void> {
    await this.db('login_throttle').where({ account_key: accountKey }).delete();
  }

  async insertToken(token: { siteId: string; name: string; role: Role; hash: string; at: Date; expiresAt: Date | null }): Promise<string> {
    const [row] = await this.db('api_tokens')
      .insert({ site_id: token.siteId, name: token.name, role: token.role, token_hash: token.hash, created_at: token.at, expires_at: token.expiresAt })
      .returning('id');
    return String(row.id);
  }

  /** The token with this hash, if it is neither revoked nor expired at `now`. */
  async findToken(hash: string, now: Date): Promise<TokenRow | undefined> {
    const row = await this.db('api_tokens')
      .where({ token_hash: hash })
      .whereNull('revoked_at')
      .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))
      .first('id', 'site_id as siteId', 'name', 'role', 'last_used_at as lastUsedAt');
    return row && { ...row, id: String(row.id) };
  }

  async touchToken(id: string, at: Date): Promise<void> {
    await this.db('api_tokens').where({ id }).update({ last_used_at: at });
  }

  async listTokens(siteId: string): Promise<TokenInfo[]> {
    const rows = await this.db('api_tokens')
      .where({ site_id: siteId })
      .orderBy('id')
      .select('id', 'site_id as siteId', 'name', 'role', 'created_at as createdAt', 'last_used_at as lastUsedAt', 'expires_at as expiresAt', 'revoked_at as revokedAt');
    return rows.map((r: TokenInfo) => ({ ...r, id: String(r.id) }));
  }

  /** Revokes a token that is not revoked yet; the token as it was, or undefined when there is no such live token. */
  async revokeToken(id: string, at: Date): Promise<{ siteId: string; name: string } | undefined> {
    const [row] = await this.db('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: at }).returning(['site_id', 'name']);
    return row && { siteId: row.site_id, name: row.name };
  }
}
