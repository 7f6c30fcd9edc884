import Router from '@koa/router';
import type { Context } from 'koa';
import type { AuditLog } from '../audit/audit-log.ts';
import { siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import type { TermsService } from '../terms/terms-service.ts';
import {
  auditQuery,
  csvQuery,
  feedbackIdOf,
  feedbackQuery,
  filtersQuery,
  pagesQuery,
  parseInput,
  statusBody,
  summaryQuery,
  termsQuery,
} from './report-query.ts';
import type { ReportService } from './report-service.ts';
import { xlsxType } from './xlsx.ts';

const jsonBody = bodyOf('json');

/** An export's headers: a file to save (a site id is safe in a file name), never kept by a cache. */
function download(ctx: Context, type: string, filename: string): void {
  ctx.type = type;
  ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
  ctx.set('Cache-Control', 'no-store');
}

/** The editors' JSON API: every call scoped to the sites of the credential. */
export function reportRoutes({
  reports,
  terms,
  audit,
}: {
  reports: ReportService;
  terms: TermsService;
  audit: AuditLog;
}): Router {
  const router = new Router({ prefix: '/api/v1/sites/:site' });

  router.get('/pages', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    ctx.body = await reports.pages(siteId, parseInput(pagesQuery, ctx.query));
  });

  router.get('/pages/summary', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    const { path, interval, from, to } = parseInput(summaryQuery, ctx.query);
    ctx.body = await reports.pageSummary(siteId, path, { from, to }, interval);
  });

  router.get('/feedback', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    const { limit, cursor, ...filters } = parseInput(feedbackQuery, ctx.query);
    ctx.body = await reports.feedback(siteId, filters, { limit, cursor });
  });

  router.get('/terms', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    const { limit, compare, ...filters } = parseInput(termsQuery, ctx.query);
    ctx.body = await terms.terms(siteId, filters, { limit, compare });
  });

  router.get('/feedback.csv', async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const { sep, ...filters } = parseInput(csvQuery, ctx.query);
    download(ctx, 'text/csv; charset=utf-8', `fantdu-${siteId}.csv`);
    ctx.body = await reports.exportCsv(siteId, filters, sep, credential);
  });

  router.get('/feedback.xlsx', async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const filters = parseInput(filtersQuery, ctx.query);
    download(ctx, xlsxType, `fantdu-${siteId}.xlsx`);
    ctx.body = await reports.exportXlsx(siteId, filters, credential);
  });

  router.get('/feedback/:id', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    ctx.body = await reports.get(siteId, feedbackIdOf(ctx.params.id));
  });

  router.patch('/feedback/:id', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const id = feedbackIdOf(ctx.params.id);
    const { status } = parseInput(statusBody, ctx.request.body);
    await reports.setStatus(siteId, id, status, credential);
    ctx.body = { id, status };
  });

  router.delete('/feedback/:id', async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    await reports.delete(siteId, feedbackIdOf(ctx.params.id), credential);
    ctx.status = 204;
  });

  router.get('/audit', async (ctx) => {
    const { siteId } = siteInScope(ctx, 'admin');
    ctx.body = await audit.page(siteId, parseInput(auditQuery, ctx.query));
  });

  return router;
}
