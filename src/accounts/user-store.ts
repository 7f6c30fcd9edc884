import { type Db, inTime } from '../db.ts';
import { type Lang, type Role, strongerRole } from '../values.ts';

export interface UserRow {
  id: string;
  email: string;
  /** null for a person made by single sign-on. */
  passwordHash: string | null;
  /** The provider's issuer and subject of a person who signed in with single sign-on. */
  oidcIssuer: string | null;
  oidcSubject: string | null;
}

/** Who a provider says a person is: its issuer and subject, and their e-mail. */
export interface Identity {
  issuer: string;
  subject: string;
  email: string;
}

const userColumns = [
  'id',
  'email',
  'password_hash as passwordHash',
  'oidc_issuer as oidcIssuer',
  'oidc_subject as oidcSubject',
];
const asUser = (row: UserRow | undefined): UserRow | undefined => row && { ...row, id: String(row.id) };

/** Users, the sites they have a role on, and their sessions (of which only the id's hash is kept). */
export class UserStore {
  constructor(private readonly db: Db) {}

  async findByEmail(email: string): Promise<UserRow | undefined> {
    return asUser(await this.db('users').whereRaw('lower(email) = lower(?)', [email]).first(userColumns));
  }

  async findByIdentity(issuer: string, subject: string): Promise<UserRow | undefined> {
    return asUser(await this.db('users').where({ oidc_issuer: issuer, oidc_subject: subject }).first(userColumns));
  }

  /** A person made at their first sign-in, without a password; undefined if their e-mail was taken meanwhile. */
  async insertIdentity(identity: Identity, at: Date): Promise<string | undefined> {
    const { rows } = await this.db.raw(
      `insert into users (email, oidc_issuer, oidc_subject, created_at) values (?, ?, ?, ?)
       on conflict do nothing returning id`,
      [identity.email, identity.issuer, identity.subject, at],
    );
    return rows[0] && String(rows[0].id);
  }

  /** Records the provider's identity on a user who had none. */
  async linkIdentity(userId: string, identity: Identity): Promise<void> {
    await this.db('users')
      .where({ id: userId })
      .whereNull('oidc_subject')
      .update({ oidc_issuer: identity.issuer, oidc_subject: identity.subject });
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

  /** The language of /admin and of the mails, one choice for both. */
  async setLanguage(userId: string, lang: Lang): Promise<void> {
    await this.db('users').where({ id: userId }).update({ lang });
  }

  async updatePassword(userId: string, passwordHash: string, at: Date): Promise<void> {
    await this.db('users').where({ id: userId }).update({ password_hash: passwordHash, password_changed_at: at });
  }

  async insertSession(session: {
    idHash: string;
    userId: string;
    createdAt: Date;
    expiresAt: Date;
    oidc: boolean;
  }): Promise<void> {
    await this.db('sessions').insert({
      id_hash: session.idHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      oidc: session.oidc,
    });
  }

  /** The grants a person matched at their latest sign-in, in place of those before. */
  async setGrants(userId: string, grantIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx('user_grants').where({ user_id: userId }).delete();
      if (grantIds.length) await tx('user_grants').insert(grantIds.map((id) => ({ user_id: userId, grant_id: id })));
    });
  }

  /** What a person may see: their own roles, and those of the grants of their latest sign-in; the stronger role. */
  async sitesWithGrants(userId: string): Promise<Map<string, Role>> {
    const { rows } = await this.db.raw(
      `select site_id, role from user_sites where user_id = ?
       union all
       select sso_grants.site_id, sso_grants.role from user_grants
         join sso_grants on sso_grants.id = user_grants.grant_id
        where user_grants.user_id = ?`,
      [userId, userId],
    );
    const sites = new Map<string, Role>();
    for (const { site_id, role } of rows as { site_id: string; role: Role }[])
      sites.set(site_id, strongerRole(sites.get(site_id), role));
    return sites;
  }

  /** The user of a session that has not expired, with the language they chose. */
  async findSessionUser(idHash: string, now: Date): Promise<{ id: string; email: string; lang: Lang } | undefined> {
    const row = await inTime(
      this.db,
      this.db('sessions')
        .join('users', 'users.id', 'sessions.user_id')
        .where('sessions.id_hash', idHash)
        .andWhere('sessions.expires_at', '>', now)
        .first('users.id', 'users.email', 'users.lang'),
    );
    return row && { id: String(row.id), email: row.email, lang: row.lang };
  }

  /** Ends a session; whether it was begun by single sign-on. */
  async deleteSession(idHash: string): Promise<{ oidc: boolean }> {
    const [row] = await this.db('sessions').where({ id_hash: idHash }).delete().returning('oidc');
    return { oidc: row?.oidc === true };
  }

  async deleteOtherSessions(userId: string, keepIdHash: string): Promise<void> {
    await this.db('sessions').where({ user_id: userId }).whereNot({ id_hash: keepIdHash }).delete();
  }

  /** Sessions that have ended are deleted; `db` may be the transaction of a purge. */
  async deleteExpiredSessions(now: Date, db: Db = this.db): Promise<void> {
    await db('sessions').where('expires_at', '<=', now).delete();
  }
}
