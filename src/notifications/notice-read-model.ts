import { type Db, inTime } from '../db.ts';
import type { CountFolding } from '../reports/count-fold.ts';
import { startingWith } from '../reports/feedback-filters.ts';
import type { Lang } from '../values.ts';
import type { Digest, Watch } from './notification.ts';

/** Grants from single sign-on count for mail this long after the sign-in that matched them. */
export const grantsHeldDays = 30;

/** Reading for one digest or one run of alerts may take this long before the run gives up on it. */
const readingMs = 10_000;

/** A person who may be mailed, with the sites they may see and what they watch there. */
export interface Recipient {
  userId: string;
  email: string;
  lang: Lang;
  digest: Digest;
  alerts: boolean;
  /** Site id -> the pages and prefixes watched there (empty when none). */
  watches: Map<string, Watch[]>;
}

export interface WatchedPage {
  path: string;
  yes: number;
  no: number;
  comments: number;
  views: number;
}

export interface NoticeComment {
  path: string;
  at: string;
  comment: string;
}

export interface NoticeChange {
  id: string;
  path: string;
  at: string;
  note: string;
}

/** The SQL condition for "a watched page" (its path, or a path under a watched prefix), with its bindings. */
function watched(watches: Watch[], column: string) {
  return {
    sql: `(${column} = any(:paths::text[]) or ${column} like any(:patterns::text[]))`,
    paths: watches.flatMap((w) => ('path' in w ? [w.path] : [])),
    patterns: watches.flatMap((w) => ('pathPrefix' in w ? [startingWith(w.pathPrefix)] : [])),
  };
}

/** From the start of Oslo day `from` to the end of Oslo day `to`. */
const onOsloDays = (column: string) =>
  `${column} >= (:from::date)::timestamp at time zone 'Europe/Oslo' ` +
  `and ${column} < (:to::date + 1)::timestamp at time zone 'Europe/Oslo'`;

/** Who is told of what, and what a digest or an alert tells: all their SQL. */
export class NoticeReadModel {
  constructor(
    private readonly db: Db,
    /** Folded before the counts are read. */
    private readonly counts: CountFolding,
  ) {}

  /**
   * The people to mail, with their sites and watches: those who want a digest (`digest`) or alerts (`alerts`) and
   * may see a site.
   */
  async recipients(wanting: 'digest' | 'alerts', now: Date): Promise<Recipient[]> {
    // The sites a person may see: their own roles, and what the grants they matched at their last sign-in give, if
    // that sign-in was recent: someone who left and can no longer sign in stops getting mail (the web's sessions end
    // after 12 hours; mail would otherwise go on for ever).
    const since = new Date(now.getTime() - grantsHeldDays * 86_400_000);
    const seen = this.db.raw(
      `(select user_id, site_id from user_sites
        union select ug.user_id, g.site_id from user_grants ug join sso_grants g on g.id = ug.grant_id
        where ug.granted_at >= ?) as seen`,
      [since],
    );
    const users = await this.db('users')
      .modify((q) => (wanting === 'digest' ? q.whereNot('digest', 'off') : q.where('alerts', true)))
      .whereExists((q) => q.select(this.db.raw('1')).from(seen).whereRaw('seen.user_id = users.id'))
      .orderBy('id')
      .select('id', 'email', 'lang', 'digest', 'alerts');
    if (users.length === 0) return [];
    const ids = users.map((u: { id: string }) => String(u.id));
    const sites = await this.db.from(seen).whereIn('user_id', ids).orderBy('site_id').select('user_id', 'site_id');
    const watches = await this.db('watches').whereIn('user_id', ids).orderBy(['path', 'kind']);
    const byUser = new Map<string, Map<string, Watch[]>>(ids.map((id: string) => [id, new Map()]));
    for (const s of sites) byUser.get(String(s.user_id))?.set(s.site_id, []);
    // Watches on a site the person may no longer see are left out (the map has no entry for the site).
    for (const w of watches)
      byUser
        .get(String(w.user_id))
        ?.get(w.site_id)
        ?.push(w.kind === 'path' ? { path: w.path } : { pathPrefix: w.path });
    return users.map((u: { id: string; email: string; lang: Lang; digest: Digest; alerts: boolean }) => ({
      userId: String(u.id),
      email: u.email,
      lang: u.lang,
      digest: u.digest,
      alerts: u.alerts,
      watches: byUser.get(String(u.id)) ?? new Map(),
    }));
  }

  /** The watched pages that had answers from `from` to `to` (Oslo days), most "no" first. */
  async watchedPages(siteId: string, watches: Watch[], range: Range, limit: number): Promise<WatchedPage[]> {
    if (watches.length === 0) return [];
    await this.counts.fresh();
    const { sql, paths, patterns } = watched(watches, 'd.path');
    const { rows } = await inTime(
      this.db,
      this.db.raw<{ rows: WatchedPage[] }>(
        `select d.path, sum(d.yes)::int as yes, sum(d.no)::int as no, sum(d.comments)::int as comments,
                coalesce((select sum(v.views) from page_views v
                          where v.site_id = :siteId and v.path = d.path and v.day between :from and :to), 0)::int
                  as views
         from page_days d
         where d.site_id = :siteId and d.day between :from and :to and ${sql}
         group by d.path
         order by sum(d.no) desc, d.path
         limit :limit`,
        { siteId, ...range, limit, paths, patterns },
      ),
      readingMs,
    );
    return rows;
  }

  /** The newest comments on the watched pages (or on `watches` = one page) over the days, spam left out. */
  async comments(siteId: string, watches: Watch[], range: Range, limit: number): Promise<NoticeComment[]> {
    if (watches.length === 0) return [];
    const { sql, paths, patterns } = watched(watches, 'path');
    const { rows } = await inTime(
      this.db,
      this.db.raw<{ rows: NoticeComment[] }>(
        `select path, created_at as at, comment from feedback
         where site_id = :siteId and comment is not null and status <> 'spam' and ${onOsloDays('created_at')}
           and ${sql}
         order by created_at desc, id desc
         limit :limit`,
        { siteId, ...range, limit, paths, patterns },
      ),
      readingMs,
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /** The changes made to watched pages over the days, newest first. */
  async changes(siteId: string, watches: Watch[], range: Range, limit: number): Promise<NoticeChange[]> {
    if (watches.length === 0) return [];
    const { sql, paths, patterns } = watched(watches, 'path');
    const { rows } = await this.db.raw<{ rows: NoticeChange[] }>(
      `select id, path, at, note from page_changes
       where site_id = :siteId and ${onOsloDays('at')} and ${sql}
       order by at desc, id desc
       limit :limit`,
      { siteId, ...range, limit, paths, patterns },
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }
}

/** Oslo days, both included. */
interface Range {
  from: string;
  to: string;
}
