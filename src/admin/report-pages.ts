import type Router from '@koa/router';
import { z } from 'zod';
import { osloDay } from '../reports/oslo-dates.ts';
import type { FeedbackFilters } from '../reports/report.ts';
import { feedbackQuery, pagesQuery, parseInput, summaryQuery } from '../reports/report-query.ts';
import type { AdminDeps } from './admin-routes.ts';
import { csrfToken, formQuery, noticeOf } from './forms.ts';
import { links } from './links.ts';
import { choosePeriod, defaultInterval, periodParams, periodQuery } from './period.ts';
import { type Send, wordsOf } from './render.ts';
import { requireSession, siteOf, userOf } from './session.ts';
import { auditPage } from './views/audit-page.ts';
import { commentsPage, commentsParams } from './views/comments-page.ts';
import type { LookingFor } from './views/looking-for.ts';
import { pageReportPage, reportParams } from './views/page-report-page.ts';
import { siteReportPage } from './views/site-report-page.ts';
import { watchNotices } from './views/watch-form.ts';
import type { AdminTexts } from './words.ts';

const siteReportQuery = pagesQuery.extend(periodQuery);
const { found, hasComment, status, cursor, term, theme, pathPrefix } = feedbackQuery.shape;
const pageReportQuery = summaryQuery.extend({
  ...periodQuery,
  interval: summaryQuery.shape.interval.removeDefault().optional(),
  found,
  hasComment,
  status,
  term,
  theme,
  cursor,
  notice: z.string().optional(),
});
const commentsQuery = z.object({
  ...periodQuery,
  ...pagesQuery.pick({ from: true, to: true }).shape,
  pathPrefix,
  term,
  theme,
  found,
  status,
  cursor,
});

const auditPageQuery = z.object({ before: feedbackQuery.shape.cursor });

const feedbackPerPage = 25;
const auditPerPage = 50;
/** The notices of a report's address (`?notice=`), in the page's language. */
const notices = (t: AdminTexts): Record<string, string> => ({
  slettet: t.notices.feedbackDeleted,
  endring: t.notices.changeNoted,
  'endring-fjernet': t.notices.changeRemoved,
  ...watchNotices(t),
});
/** The changes a page report shows, newest first. */
const changesShown = 20;

/** The site report (pages of a site), the page report (one page's trend and feedback) and the audit log. */
export function reportPages(
  router: Router,
  { secret, reports, terms, themes, changes, alerts, notifications, audit, sites, clock }: AdminDeps,
  send: Send,
): void {
  const today = () => osloDay(clock());
  /** The terms (with the period before, for those on the rise) and the themes of a range. */
  const lookingFor = async (siteId: string, filters: FeedbackFilters, linkTo: LookingFor['linkTo']) => {
    const [found, counts] = await Promise.all([
      terms.terms(siteId, filters, { limit: 50, compare: 'previous' }),
      themes.list(siteId, filters),
    ]);
    return { terms: found, themes: counts, linkTo, themesPage: links.themes(siteId) };
  };

  router.get('/admin/sites/:site', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const { sort, pathPrefix, limit, cursor, ...chosen } = parseInput(siteReportQuery, formQuery(ctx));
    const period = choosePeriod(chosen, today());
    const range = { from: period.from, to: period.to, pathPrefix };
    const [pages, looking, current, watched] = await Promise.all([
      reports.pages(site.id, { ...range, sort, limit, cursor }),
      lookingFor(site.id, range, (filter) =>
        links.comments(site.id, { ...periodParams(period), pathPrefix, ...filter }),
      ),
      alerts.alerts(site.id, {}),
      notifications.list(site.id, userOf(ctx)),
    ]);
    const csrf = csrfToken(secret, userOf(ctx));
    const w = wordsOf(ctx);
    const notice = noticeOf(notices(w.t), formQuery(ctx).notice);
    const back = links.siteReport(site.id, { ...periodParams(period), sort, pathPrefix });
    const watching = watched.some((watch) => 'pathPrefix' in watch && watch.pathPrefix === pathPrefix);
    send(
      ctx,
      siteReportPage(w, {
        site,
        period,
        sort,
        pathPrefix,
        pages,
        paged: cursor !== undefined,
        looking,
        alerts: current,
        watch: { watching, csrf, back, notice },
      }),
    );
  });

  router.get('/admin/sites/:site/page', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const q = parseInput(pageReportQuery, formQuery(ctx));
    const period = choosePeriod(q, today());
    const interval = q.interval ?? defaultInterval(period);
    const filters = { found: q.found, hasComment: q.hasComment, status: q.status, term: q.term, theme: q.theme };
    const range = { from: period.from, to: period.to };
    const params = reportParams({ path: q.path, period, interval, filters });
    const [summary, feedback, looking, siteThemes, pageChanges, watched] = await Promise.all([
      reports.pageSummary(site.id, q.path, range, interval),
      reports.feedback(site.id, { path: q.path, ...range, ...filters }, { limit: feedbackPerPage, cursor: q.cursor }),
      lookingFor(
        site.id,
        { path: q.path, ...range },
        (filter) =>
          `${links.pageReport(site.id, { ...params, term: undefined, theme: undefined, ...filter })}#feedback`,
      ),
      themes.list(site.id, {}),
      changes.list(site.id, { path: q.path, limit: changesShown }),
      notifications.list(site.id, userOf(ctx)),
    ]);
    const back = links.pageReport(site.id, { ...params, cursor: q.cursor });
    const csrf = csrfToken(secret, userOf(ctx));
    const w = wordsOf(ctx);
    const notice = noticeOf(notices(w.t), q.notice);
    send(
      ctx,
      pageReportPage(w, {
        site,
        path: q.path,
        period,
        interval,
        filters,
        summary,
        feedback,
        paged: q.cursor !== undefined,
        csrf,
        back,
        notice,
        looking,
        themes: siteThemes,
        changes: pageChanges,
        watching: watched.some((watch) => 'path' in watch && watch.path === q.path),
        today: today(),
      }),
    );
  });

  router.get('/admin/sites/:site/comments', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const q = parseInput(commentsQuery, formQuery(ctx));
    const period = choosePeriod(q, today());
    const filters = { pathPrefix: q.pathPrefix, term: q.term, theme: q.theme, found: q.found, status: q.status };
    const [feedback, siteThemes] = await Promise.all([
      reports.feedback(
        site.id,
        { from: period.from, to: period.to, hasComment: true, ...filters },
        { limit: feedbackPerPage, cursor: q.cursor },
      ),
      themes.list(site.id, {}),
    ]);
    const back = links.comments(site.id, { ...commentsParams({ period, filters }), cursor: q.cursor });
    const csrf = csrfToken(secret, userOf(ctx));
    const list = { site, period, filters, themes: siteThemes, feedback, paged: q.cursor !== undefined, csrf, back };
    send(ctx, commentsPage(wordsOf(ctx), list));
  });

  router.get('/admin/sites/:site/audit', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites, 'admin');
    const { before } = parseInput(auditPageQuery, formQuery(ctx));
    const { items, next } = await audit.page(site.id, { limit: auditPerPage, cursor: before });
    send(ctx, auditPage(wordsOf(ctx), site, items, next ?? undefined, before !== undefined));
  });
}
