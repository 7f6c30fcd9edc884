import { type Db, inTime } from '../db.ts';
import type { Change, Window } from './change.ts';
import { windowDays } from './verdict.ts';

/** Counting a page's answers around its changes may take this long before the request gives up (503). */
const readingMs = 10_000;

interface ChangeRow {
  id: string;
  path: string;
  at: Date;
  note: string;
  before_from: Date;
  after_to: Date;
  before_yes: number;
  before_no: number;
  after_yes: number;
  after_no: number;
}

/** Page changes, and the answers their pages had in equal windows before and after: all their SQL. */
export class ChangeStore {
  constructor(private readonly db: Db) {}

  async insert(siteId: string, change: Change & { createdAt: Date }): Promise<void> {
    const { id, path, at, note, createdAt } = change;
    await this.db('page_changes').insert({ id, site_id: siteId, path, at, note, created_at: createdAt });
  }

  /** The change removed, or undefined when the site has no such change. */
  async delete(siteId: string, id: string): Promise<Change | undefined> {
    const [row] = await this.db('page_changes').where({ site_id: siteId, id }).delete().returning(['id', 'path', 'at']);
    return row ? { id: row.id, path: row.path, at: new Date(row.at).toISOString(), note: '' } : undefined;
  }

  /**
   * The site's changes (of one page, or all), newest first, each with the answers (spam left out) over the windows
   * before and after it as of `now`: the time since the change, at most windowDays, on each side.
   */
  async withWindows(
    siteId: string,
    options: { path?: string | undefined; limit: number; now: Date },
  ): Promise<(Change & { before: Window; after: Window })[]> {
    const { rows } = await inTime(
      this.db,
      this.db.raw<{ rows: ChangeRow[] }>(
        `with changes as (
           select c.id, c.site_id, c.path, c.at, c.note,
                  greatest(least(:now::timestamptz, c.at + make_interval(days => :days)) - c.at, interval '0') as span
           from page_changes c
           where c.site_id = :siteId ${options.path === undefined ? '' : 'and c.path = :path'}
           order by c.at desc, c.id desc
           limit :limit
         )
         select c.id, c.path, c.at, c.note, c.at - c.span as before_from, c.at + c.span as after_to, w.*
         from changes c
         cross join lateral (
           select count(*) filter (where f.created_at < c.at and f.found)::int as before_yes,
                  count(*) filter (where f.created_at < c.at and not f.found)::int as before_no,
                  count(*) filter (where f.created_at >= c.at and f.found)::int as after_yes,
                  count(*) filter (where f.created_at >= c.at and not f.found)::int as after_no
           from feedback f
           where f.site_id = c.site_id and f.path = c.path and f.status <> 'spam'
             and f.created_at >= c.at - c.span and f.created_at < c.at + c.span
         ) w
         order by c.at desc, c.id desc`,
        { siteId, path: options.path ?? null, limit: options.limit, now: options.now, days: windowDays },
      ),
      readingMs,
    );
    const iso = (d: Date) => new Date(d).toISOString();
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      at: iso(r.at),
      note: r.note,
      before: { yes: r.before_yes, no: r.before_no, from: iso(r.before_from), to: iso(r.at) },
      after: { yes: r.after_yes, no: r.after_no, from: iso(r.at), to: iso(r.after_to) },
    }));
  }

  /** The changes of a page from `from` to `to` (inclusive), oldest first: for marking them on its trend. */
  async onPage(siteId: string, path: string, range: { from: Date; to: Date }): Promise<Change[]> {
    const rows = await this.db('page_changes')
      .where({ site_id: siteId, path })
      .where('at', '>=', range.from)
      .where('at', '<', range.to)
      .orderBy('at')
      .limit(100)
      .select('id', 'path', 'at', 'note');
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }
}
