import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { Role } from '../values.ts';
import type { Credential } from './credential.ts';
import type { TokenInfo, TokenStore } from './token-store.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** A token's last use is written at most this often (per instance), so that using one costs no write per request. */
const touchEveryMs = 60_000;

/** API tokens for scripts: made, listed and revoked by the CLI; only their hashes are kept. */
export class TokenService {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: TokenStore,
    private readonly sites: SiteService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** A new API token for one site; this is the one time it is seen. */
  async createToken(siteId: string, name: string, role: Role, actor = 'cli', expiresDays?: number): Promise<string> {
    if (!(await this.sites.get(siteId))) throw Invalid.field('site', 'is not a site', `There is no site "${siteId}".`);
    if (!name.trim()) throw Invalid.field('name', 'is required', 'A token needs a name (--name LABEL).');
    if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays >= 1 && expiresDays <= 3650)) {
      throw Invalid.field(
        'expires-days',
        'must be 1 to 3650',
        '--expires-days must be a whole number of days from 1 to 3650.',
      );
    }
    const token = `fdu_${randomBytes(32).toString('base64url')}`;
    const now = this.clock();
    const expiresAt = expiresDays === undefined ? null : new Date(now.getTime() + expiresDays * 86_400_000);
    const id = await this.store.insert({ siteId, name: name.trim(), role, hash: sha256(token), at: now, expiresAt });
    await this.audit.record({
      siteId,
      actor,
      action: 'token.create',
      target: `token:${name.trim()}`,
      details: { id, role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return token;
  }

  listTokens(siteId: string): Promise<TokenInfo[]> {
    return this.store.list(siteId);
  }

  /** Revokes a token at once, on every instance (each request reads its token). */
  async revokeToken(id: string, actor = 'cli'): Promise<{ siteId: string; name: string }> {
    if (!/^[1-9]\d{0,15}$/.test(id))
      throw Invalid.field('id', 'is not a token id', `"${id}" is not a token id (see: fantdu token list --site ID).`);
    const revoked = await this.store.revoke(id, this.clock());
    if (!revoked) throw Invalid.field('id', 'is not a valid token', `There is no token ${id} that is still valid.`);
    await this.audit.record({
      siteId: revoked.siteId,
      actor,
      action: 'token.revoke',
      target: `token:${revoked.name}`,
      details: { id },
    });
    return revoked;
  }

  async tokenCredential(token: string): Promise<Credential | undefined> {
    const now = this.clock();
    const row = await this.store.findValid(sha256(token), now);
    if (!row) return undefined;
    this.noteUse(row.id, row.lastUsedAt, now);
    return { actor: `token:${row.name}`, userId: null, sessionIdHash: null, sites: new Map([[row.siteId, row.role]]) };
  }

  /** Keeps a token's last use, written at most once a minute per token; a failed write costs the request nothing. */
  private noteUse(id: string, lastUsedAt: Date | null, now: Date): void {
    const last = Math.max(this.touched.get(id) ?? 0, lastUsedAt?.getTime() ?? 0);
    if (now.getTime() - last < touchEveryMs) return;
    this.touched.set(id, now.getTime());
    this.store.touch(id, now).catch(() => this.touched.delete(id));
  }
}
