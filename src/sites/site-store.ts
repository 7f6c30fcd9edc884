import { type Db, inTime } from '../db.ts';
import { builtinThemeRows } from '../themes/builtin.ts';
import type { Site } from './site.ts';

export type { Site };

const columns = [
  'id',
  'name',
  'origins',
  'controller',
  'contact',
  'dpo',
  'comments_in_notifications as commentsInNotifications',
];

/** A site's fields as its columns. */
const rowOf = ({ commentsInNotifications, ...rest }: Partial<Site>) => ({
  ...rest,
  ...(commentsInNotifications !== undefined && { comments_in_notifications: commentsInNotifications }),
});

export class SiteStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Site[]> {
    return inTime(this.db, this.db('sites').select(columns).orderBy('id'));
  }

  async count(): Promise<number> {
    const row = await this.db('sites').count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  /** Inserts a site with its built-in themes. */
  async insert(site: Pick<Site, 'id' | 'name' | 'origins'> & Partial<Site>): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('sites').insert(rowOf(site));
      await trx('themes').insert(builtinThemeRows(site.id));
    });
  }

  /** Inserts the site (with its built-in themes) unless one with its id exists; true when it was inserted. */
  async insertIfMissing(site: Pick<Site, 'id' | 'name' | 'origins'>): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const rows = await trx('sites').insert(site).onConflict('id').ignore().returning('id');
      if (rows.length === 1) await trx('themes').insert(builtinThemeRows(site.id));
      return rows.length === 1;
    });
  }

  async update(id: string, fields: Partial<Omit<Site, 'id'>>): Promise<void> {
    if (Object.keys(fields).length > 0) await this.db('sites').where({ id }).update(rowOf(fields));
  }
}
