import { type Db, inTime } from '../db.ts';
import type { Role } from '../values.ts';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
}

/** Users, the sites they have a role on, and their sessions (of which only the id's hash is kept). */
export class UserStore {
  constructor(private readonly db: Db) {}

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const row = await this.db('users')
      .whereRaw('lower(email) = lower(?)', [email])
      .first('id', 'email', 'password_hash as passwordHash');
    return row && { ...row, id: String(row.id) };
  }

  async insert(email: string, passwordHash: string, at: Date): Promise<string> {
    const [row] = await this.db('users').insert({ email, password_hash: passwordHash, created_at: at }).returning('id');
    return String(row.id);
  }

  async grantSite(userId: string, siteId: string, role: Role): Promise<void> {
    await this.db('user_sites')
      .insert({ user_id: userId, site_id: siteId, role })
      .onConflict(['user_id', 'site_id'])
      .merge(['role']);
  }

  async sitesOf(userId: string): Promise<Map<string, Role>> {
    const rows = await this.db('user_sites').where({ user_id: userId }).select('site_id', 'role');
    return new Map(rows.map((r: { site_id: string; role: Role }) => [r.site_id, r.role]));
  }

  async updatePassword(userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.db('users').where({ id: userId }).update({ password_hash: passwordHash, password_changed_at: at });
  }

  async insertSession(idHash: string, userId: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.db('sessions').insert({
      id_hash: idHash,
      user_id: userId,
      created_at: createdAt,
      expires_at: expiresAt,
    });
  }

  /** The user of a session that has not expired. */
  async findSessionUser(idHash: string, now: Date): Promise<{ id: string; email: string } | undefined> {
    const row = await inTime(
      this.db,
      this.db('sessions')
        .join('users', 'users.id', 'sessions.user_id')
        .where('sessions.id_hash', idHash)
        .andWhere('sessions.expires_at', '>', now)
        .first('users.id', 'users.email'),
    );
    return row && { id: String(row.id), email: row.email };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db('sessions').where({ id_hash: idHash }).delete();
  }

  async deleteOtherSessions(userId: string, keepIdHash: string): Promise<void> {
    await this.db('sessions').where({ user_id: userId }).whereNot({ id_hash: keepIdHash }).delete();
  }

  /** Sessions that have ended are deleted; `db` may be the transaction of a purge. */
  async deleteExpiredSessions(now: Date, db: Db = this.db): Promise<void> {
    await db('sessions').where('expires_at', '<=', now).delete();
  }
}
