import type { ThemeMembership } from '../themes/theme.ts';
import type { Status } from '../values.ts';

/** What the editors' reports are made of: pages with their counts, feedback items, and how they are asked for. */

export const pageSorts = ['no', 'total', 'share', 'path', 'views', 'noPer1000'] as const;
export type PageSort = (typeof pageSorts)[number];

export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

export interface PageRow {
  path: string;
  yes: number;
  no: number;
  total: number;
  comments: number;
  lastAt: string;
  /** Views counted by the widget over the range. */
  views: number;
  /** "No" answers per 1000 views, to one decimal; null without views. */
  noPer1000: number | null;
}

export interface PagesOptions extends DateRange {
  sort: PageSort;
  pathPrefix?: string | undefined;
  limit: number;
  offset: number;
}

export interface FeedbackFilters extends DateRange {
  path?: string | undefined;
  pathPrefix?: string | undefined;
  found?: boolean | undefined;
  hasComment?: boolean | undefined;
  status?: Status | undefined;
  q?: string | undefined;
  /** A term as written in the terms list: the comments that use it, in any inflection. */
  term?: string | undefined;
  /** A theme's id: its comments only. */
  theme?: string | undefined;
}

export interface FeedbackItem {
  id: string;
  path: string;
  found: boolean;
  comment: string | null;
  redactions: string[];
  status: Status;
  lang: string | null;
  createdAt: string;
  themes: ThemeMembership[];
}

export interface FeedbackCursor {
  at: string;
  id: string;
}

/** "No" answers per 1000 views, to one decimal; null without views. */
export const noPer1000 = (no: number, views: number): number | null =>
  views > 0 ? Math.round((no * 10_000) / views) / 10 : null;
