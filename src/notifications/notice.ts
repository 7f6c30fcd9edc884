import type { Alert } from '../alerts/alert.ts';
import type { Verdict } from '../changes/change.ts';
import type { PageRow } from '../reports/report.ts';
import type { NoticeChange, NoticeComment, WatchedPage } from './notice-read-model.ts';

/** What a digest tells of one site the person may see. */
export interface DigestSite {
  id: string;
  name: string;
  /** Whether the person watches anything on the site. */
  watching: boolean;
  /** The watched pages with answers in the period, most "no" first. */
  watched: WatchedPage[];
  /** Today's alerts on the watched pages. */
  alerts: Alert[];
  /** Comments on the watched pages in the period. */
  newComments: number;
  /** Their text (scrubbed, newest first): only when the site lets comments into mails. */
  comments: NoticeComment[] | undefined;
  changes: (NoticeChange & { verdict: Verdict })[];
  /** The site's pages with most "no" in the period. */
  mostNo: PageRow[];
}

/** A daily digest tells of one Oslo day, a weekly one of a week from Monday to Sunday. */
export interface DigestNotice {
  period: 'daily' | 'weekly';
  from: string;
  to: string;
  sites: DigestSite[];
}

/** An alert on a watched page, as mailed or posted. */
export interface AlertNotice {
  site: { id: string; name: string };
  alert: Alert;
  /** The page's newest comments of the recent days: only when the site lets comments into notifications. */
  comments: NoticeComment[] | undefined;
}

/** The absolute addresses a notice links to. */
export interface NoticeLinks {
  page(siteId: string, path: string, range: { from: string; to: string }): string;
  site(siteId: string, range: { from: string; to: string }): string;
  preferences: string;
  /** Turns this kind of mail off without signing in (absent from webhooks). */
  unsubscribe?: string;
}
