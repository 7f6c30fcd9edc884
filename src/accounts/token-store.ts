import { type Db, inTime } from '../db.ts';
import type { Role } from '../values.ts';

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

/** API tokens, kept as SHA-256 hashes. */
export class TokenStore {
  constructor(private readonly db: Db) {}

  async insert(token: {
    siteId: string;
    name: string;
    role: Role;
    hash: string;
    at: Date;
    expiresAt: Date | null;
  }): Promise<string> {
    const [row] = await this.db('api_tokens')
      .insert({
        site_id: token.siteId,
        name: token.name,
        role: token.role,
        token_hash: token.hash,
        created_at: token.at,
        expires_at: token.expiresAt,
      })
      .returning('id');
    return String(row.id);
  }

  /** The token with this hash, if it is neither revoked nor expired at `now`. */
  async findValid(hash: string, now: Date): Promise<TokenRow | undefined> {
    const row = await inTime(
      this.db,
      this.db('api_tokens')
        .where({ token_hash: hash })
        .whereNull('revoked_at')
        .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))
        .first('id', 'site_id as siteId', 'name', 'role', 'last_used_at as lastUsedAt'),
    );
    return row && { ...row, id: String(row.id) };
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db('api_tokens').where({ id }).update({ last_used_at: at });
  }

  async list(siteId: string): Promise<TokenInfo[]> {
    const rows = await this.db('api_tokens')
      .where({ site_id: siteId })
      .orderBy('id')
      .select(
        'id',
        'site_id as siteId',
        'name',
        'role',
        'created_at as createdAt',
        'last_used_at as lastUsedAt',
        'expires_at as expiresAt',
        'revoked_at as revokedAt',
      );
    return rows.map((r: TokenInfo) => ({ ...r, id: String(r.id) }));
  }

  /** Revokes a token that is not revoked yet; the token as it was, or undefined when there is no such live token. */
  async revoke(id: string, at: Date): Promise<{ siteId: string; name: string } | undefined> {
    const [row] = await this.db('api_tokens')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: at })
      .returning(['site_id', 'name']);
    return row && { siteId: row.site_id, name: row.name };
  }
}
