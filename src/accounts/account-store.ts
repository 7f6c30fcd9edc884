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

  async insertToken(token: { siteId: string; name: string; role: Role; hash: string; at: Date }): Promise<string> {
    const [row] = await this.db('api_tokens')
      .insert({ site_id: token.siteId, name: token.name, role: token.role, token_hash: token.hash, created_at: token.at })
      .returning('id');
    return String(row.id);
  }

  async findToken(hash: string): Promise<TokenRow | undefined> {
    const row = await this.db('api_tokens').where({ token_hash: hash }).first('id', 'site_id as siteId', 'name', 'role');
    return row && { ...row, id: String(row.id) };
  }
}
