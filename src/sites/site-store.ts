import type { Db } from '../db.ts';

export interface Site {
  id: string;
  name: string;
  origins: string[];
}

export class SiteStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Site[]> {
    return this.db('sites').select('id', 'name', 'origins').orderBy('id');
  }

  async count(): Promise<number> {
    const row = await this.db('sites').count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  /** Adds a site, or replaces the name and origins of an existing one. */
  async upsert(site: Site): Promise<void> {
    await this.db('sites').insert(site).onConflict('id').merge(['name', 'origins']);
  }
}
