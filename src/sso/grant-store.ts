import type { Db } from '../db.ts';
import type { Role } from '../values.ts';
import type { Grant, GrantKind } from './grant.ts';

const columns = ['id', 'site_id as siteId', 'kind', 'value', 'role', 'created_at as createdAt'];
const asGrant = (row: Grant): Grant => ({ ...row, id: String(row.id) });

/** Who gets which site at a single sign-on: a site, a claim value or an e-mail domain, and a role. */
export class GrantStore {
  constructor(private readonly db: Db) {}

  /** Saves a grant, or gives the one for the same site and value another role; the grant, and its role before. */
  async save(grant: Omit<Grant, 'id'>): Promise<{ grant: Grant; before: Role | undefined }> {
    const key = { site_id: grant.siteId, kind: grant.kind, value: grant.value };
    return this.db.transaction(async (tx) => {
      const existing: Grant | undefined = await tx('sso_grants').where(key).forUpdate().first(columns);
      if (existing) {
        await tx('sso_grants').where({ id: existing.id }).update({ role: grant.role });
        return { grant: asGrant({ ...existing, role: grant.role }), before: existing.role };
      }
      const [row] = await tx('sso_grants')
        .insert({ ...key, role: grant.role, created_at: grant.createdAt })
        .returning(columns);
      return { grant: asGrant(row), before: undefined };
    });
  }

  async list(siteId?: string): Promise<Grant[]> {
    const rows = await this.db('sso_grants')
      .modify((q) => {
        if (siteId !== undefined) q.where({ site_id: siteId });
      })
      .orderBy(['site_id', 'id'])
      .select(columns);
    return rows.map(asGrant);
  }

  /** Deletes the grant with this id, or the one of this site and value; the grant deleted, if there was one. */
  async delete(which: { id: string } | { siteId: string; kind: GrantKind; value: string }): Promise<Grant | undefined> {
    const where = 'id' in which ? { id: which.id } : { site_id: which.siteId, kind: which.kind, value: which.value };
    const [row] = await this.db('sso_grants').where(where).delete().returning(columns);
    return row && asGrant(row);
  }

  /** The grants a person matches: any of their claim values, or their e-mail's domain. */
  async matching(claimValues: readonly string[], domain: string | undefined): Promise<Grant[]> {
    const rows = await this.db('sso_grants')
      .where((q) => {
        if (claimValues.length) q.orWhere((c) => c.where({ kind: 'claim' }).whereIn('value', [...claimValues]));
        if (domain) q.orWhere({ kind: 'email-domain', value: domain });
        if (!claimValues.length && !domain) q.whereRaw('false');
      })
      .orderBy('id')
      .select(columns);
    return rows.map(asGrant);
  }
}
