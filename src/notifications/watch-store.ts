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

  async count(userId: string): Promise<number> {
    const [row] = await this.db('watches').where({ user_id: userId }).count({ n: '*' });
    return Number(row?.n ?? 0);
  }

  /** Watches the page or prefix; true when it was not watched before. */
  async add(userId: string, siteId: string, watch: Watch, at: Date): Promise<boolean> {
    const rows = await this.db('watches')
      .insert({ user_id: userId, site_id: siteId, ...kindOf(watch), created_at: at })
      .onConflict(['user_id', 'site_id', 'kind', 'path'])
      .ignore()
      .returning('path');
    return rows.length > 0;
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

  async setPreferences(userId: string, preferences: Partial<Preferences>): Promise<void> {
    await this.db('users').where({ id: userId }).update(preferences);
  }
}
