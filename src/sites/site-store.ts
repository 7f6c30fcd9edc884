import { type Db, inTime } from '../db.ts';
import { builtinThemeRows } from '../themes/builtin.ts';
import type { Site } from './site.ts';

export type { Site };

/** A site's fields and the columns that hold them. */
const columnOf = {
  name: 'name',
  origins: 'origins',
  controller: 'controller',
  contact: 'contact',
  dpo: 'dpo',
  legalBasis: 'legal_basis',
  processors: 'processors',
  hosting: 'hosting',
  statementHash: 'statement_hash',
  statementChangedAt: 'statement_changed_at',
  commentsInNotifications: 'comments_in_notifications',
} as const satisfies Record<keyof Omit<Site, 'id'>, string>;

const columns = ['id', ...Object.entries(columnOf).map(([field, column]) => `${column} as ${field}`)];

const toRow = (fields: Partial<Site>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [columnOf[field as keyof typeof columnOf] ?? field, value]),
  );

export class SiteStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Site[]> {
    return inTime(this.db, this.db('sites').select(columns).orderBy('id'));
  }

  /** One site as it is stored now. */
  async get(id: string): Promise<Site | undefined> {
    return inTime(this.db, this.db('sites').where({ id }).first(columns));
  }

  async count(): Promise<number> {
    const row = await this.db('sites').count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  }

  /** Inserts a site with its built-in themes. */
  async insert(site: Pick<Site, 'id' | 'name' | 'origins'> & Partial<Site>): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('sites').insert(toRow(site));
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
    if (Object.keys(fields).length > 0) await this.db('sites').where({ id }).update(toRow(fields));
  }

  /**
   * Keeps `hash`, the digest of the site's statement as made now, and answers when the statement last changed: at
   * `now` when it differs from the digest kept, unchanged when it is the same or when none was kept (a setting it
   * states changed, at the time kept). Of instances making the same new statement at once, the first one's time wins.
   */
  async recordStatement(id: string, hash: string, now: Date): Promise<Date | undefined> {
    const [changed] = await this.db('sites')
      .where({ id })
      .whereRaw('statement_hash is distinct from ?', [hash])
      .update({
        statement_hash: hash,
        statement_changed_at: this.db.raw('case when statement_hash is null then statement_changed_at else ? end', [
          now,
        ]),
      })
      .returning('statement_changed_at');
    if (changed) return changed.statement_changed_at;
    return (await this.db('sites').where({ id }).first('statement_changed_at'))?.statement_changed_at;
  }
}
