import { inTime, type Db } from '../db.ts';

export interface Site {
  id: string;
  name: string;
  origins: string[];
  /** Who the privacy statement names as controller (the municipality), where citizens write, and the DPO. */
  controller: string | null;
  contact: string | null;
  dpo: string | null;
}

const columns = ['id', 'name', 'origins', 'controller', 'contact', 'dpo'];

export class SiteStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Site[]> {
    return inTime(this.db, this.db('sites').select(columns).orderBy('id'));
  }

  async count(): Promise<number> {
    const row = await this.db('sites').count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  async insert(site: Pick<Site, 'id' | 'name' | 'origins'> & Partial<Site>): Promise<void> {
    await this.db('sites').insert(site);
  }

  /** Inserts the site unless one with its id exists; true when it was inserted. */
  async insertIfMissing(site: Pick<Site, 'id' | 'name' | 'origins'>): Promise<boolean> {
    const rows = await this.db('sites').insert(site).onConflict('id').ignore().returning('id');
    return rows.length === 1;
  }

  async update(id: string, fields: Partial<Omit<Site, 'id'>>): Promise<void> {
    if (Object.keys(fields).length > 0) await this.db('sites').where({ id }).update(fields);
  }
}
