import type { Db } from '../db.ts';
import type { Preferences, Watch } from './notification.ts';

const kindOf = (watch: Watch) =>
  'path' in watch ? { kind: 'path', path: watch.path } : { kind: 'prefix', path: watch.pathPrefix };
const watchOf = (row: { kind: string; path: string }): Watch =>
  row.kind === 'path' ? { path: row.path } : { pathPrefix: row.path };

/** What people watch and how they want to be told: all its SQL. */
export class WatchStore {
  constructor(private readonly db: Db) {}

  async list(userId: string, siteId: string): Promise<Watch[]> {
    const rows = await this.db('watches')
      .where({ user_id: userId, site_id: siteId })
      .orderBy(['path', 'kind'])
      .select('kind', 'path');
    return rows.map(watchOf);
  }

  /** Everything the person watches, site by site. */
  async all(userId: string): Promise<{ siteId: string; watch: Watch }[]> {
    const rows = await this.db('watches')
      .where({ user_id: userId })
      .orderBy(['site_id', 'path', 'kind'])
      .select('site_id', 'kind', 'path');
    return rows.map((row) => ({ siteId: row.site_id, watch: watchOf(row) }));
  }

  /**
   * Watches the page or prefix unless the person watches `max` already, in one statement under a lock on the person,
   * so that watches added at once cannot pass the bound: `added`, `known` (watched already) or `full`.
   */
  async add(userId: string, siteId: string, watch: Watch, at: Date, max: number): Promise<'added' | 'known' | 'full'> {
    const { kind, path } = kindOf(watch);
    return this.db.transaction(async (trx) => {
      await trx('users').where({ id: userId }).forUpdate().select('id');
      const known = await trx('watches').where({ user_id: userId, site_id: siteId, kind, path }).first('path');
      if (known) return 'known';
      const [row] = await trx('watches').where({ user_id: userId }).count({ n: '*' });
      if (Number(row?.n ?? 0) >= max) return 'full';
      await trx('watches').insert({ user_id: userId, site_id: siteId, kind, path, created_at: at });
      return 'added';
    });
  }

  /** True when it was watched. */
  async remove(userId: string, siteId: string, watch: Watch): Promise<boolean> {
    return (
      (await this.db('watches')
        .where({ user_id: userId, site_id: siteId, ...kindOf(watch) })
        .delete()) > 0
    );
  }

  async preferences(userId: string): Promise<Preferences | undefined> {
    return this.db('users').where({ id: userId }).first('digest', 'alerts');
  }

  /** True when there is such a person. */
  async setPreferences(userId: string, preferences: Partial<Preferences>): Promise<boolean> {
    return (await this.db('users').where({ id: userId }).update(preferences)) > 0;
  }
}
