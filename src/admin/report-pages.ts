import type Router from '@koa/router';
import { z } from 'zod';
import { osloDay } from '../reports/oslo-dates.ts';
import { feedbackQuery, pagesQuery, parseInput, summaryQuery } from '../reports/report-query.ts';
import type { AdminDeps } from './admin-routes.ts';
import { csrfToken, formQuery } from './forms.ts';
import { links } from './links.ts';
import { choosePeriod, defaultInterval, periodQuery } from './period.ts';
import type { Send } from './render.ts';
import { requireSession, siteOf, userOf } from './session.ts';
import { auditPage } from './views/audit-page.ts';
import { pageReportPage, reportParams } from './views/page-report-page.ts';
import { siteReportPage } from './views/site-report-page.ts';

const siteReportQuery = pagesQuery.extend(periodQuery);
const { found, hasComment, status, cursor } = feedbackQuery.shape;
const pageReportQuery = summaryQuery.extend({
  ...periodQuery,
  interval: summaryQuery.shape.interval.removeDefault().optional(),
  found,
  hasComment,
  status,
  cursor,
  notice: z.string().optional(),
});

const auditPageQuery = z.object({ before: feedbackQuery.shape.cursor });

const feedbackPerPage = 25;
const auditPerPage = 50;
const notices: Record<string, string> = { slettet: 'Tilbakemeldingen er slettet.' };

/** The site report (pages of a site), the page report (one page's trend and feedback) and the audit log. */
export function reportPages(router: Router, { secret, reports, audit, sites, clock }: AdminDeps, send: Send): void {
  const today = () => osloDay(clock());

  router.get('/admin/sites/:site', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const { sort, pathPrefix, limit, cursor, ...chosen } = parseInput(siteReportQuery, formQuery(ctx));
    const period = choosePeriod(chosen, today());
    const pages = await reports.pages(site.id, { from: period.from, to: period.to, sort, pathPrefix, limit, cursor });
    send(ctx, siteReportPage({ site, period, sort, pathPrefix, pages, paged: cursor !== undefined }));
  });

  router.get('/admin/sites/:site/page', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const q = parseInput(pageReportQuery, formQuery(ctx));
    const period = choosePeriod(q, today());
    const interval = q.interval ?? defaultInterval(period);
    const filters = { found: q.found, hasComment: q.hasComment, status: q.status };
    const range = { from: period.from, to: period.to };
    const [summary, feedback] = await Promise.all([
      reports.pageSummary(site.id, q.path, range, interval),
      reports.feedback(site.id, { path: q.path, ...range, ...filters }, { limit: feedbackPerPage, cursor: q.cursor }),
    ]);
    const back = links.pageReport(site.id, {
      ...reportParams({ path: q.path, period, interval, filters }),
      cursor: q.cursor,
    });
    const csrf = csrfToken(secret, userOf(ctx));
    const notice = q.notice ? notices[q.notice] : undefined;
    send(
      ctx,
      pageReportPage({
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
      }),
    );
  });

  router.get('/admin/sites/:site/audit', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites, 'admin');
    const { before } = parseInput(auditPageQuery, formQuery(ctx));
    const { items, next } = await audit.page(site.id, { limit: auditPerPage, cursor: before });
    send(ctx, auditPage(site, items, next ?? undefined, before !== undefined));
  });
}
