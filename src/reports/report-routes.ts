import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.ts';
import { siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import type { TermsService } from '../terms/terms-service.ts';
import { siteId, uuid } from '../values.ts';
import { csvColumns, csvRow, feedbackCsvRow } from './csv.ts';
import {
  auditList,
  feedbackItem,
  feedbackList,
  pageList,
  pageSummary,
  statusChanged,
  termList,
} from './report-answers.ts';
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
const site = { site: siteId };
const oneFeedback = { site: siteId, id: uuid };
const noFeedback = 'There is no such site for this credential, or no such feedback on it.';
const anAnswer = {
  id: '3f2c8a4e-5b1d-4c7e-9a0f-6d2e8b1c4a57',
  path: '/skole/skoleskyss/',
  found: false,
  comment: 'Ring meg på [telefon], finner ikke søknaden',
  redactions: ['telefon'],
  status: 'new',
  lang: 'nb',
  createdAt: '2026-11-20T09:41:12.000Z',
  themes: [{ id: 'sporsmal', by: 'words' }],
};

/** The report routes' descriptions in GET /api/v1/openapi.json. */
export const reportApi: ApiRoute[] = [
  {
    operationId: 'listPages',
    method: 'get',
    path: '/api/v1/sites/:site/pages',
    tag: 'Reports',
    access: 'editor',
    summary: 'Pages with answers in a range, and their counts',
    params: site,
    query: pagesQuery,
    answers: {
      200: {
        description: 'A page of pages; `next` is the cursor of the next.',
        content: json(pageList, {
          items: [
            {
              path: '/skole/skoleskyss/',
              yes: 12,
              no: 30,
              total: 42,
              comments: 9,
              lastAt: '2026-11-20T09:41:12.000Z',
              views: 1840,
              noPer1000: 16.3,
            },
          ],
          next: null,
        }),
      },
    },
  },
  {
    operationId: 'getPageSummary',
    method: 'get',
    path: '/api/v1/sites/:site/pages/summary',
    tag: 'Reports',
    access: 'editor',
    summary: "A page's totals and trend",
    description: 'By default the last 30 days, 12 weeks or 12 months; empty buckets as zeros.',
    params: site,
    query: summaryQuery,
    answers: {
      200: {
        description: "The page's counts over the range, bucket by bucket, and its changes.",
        content: json(pageSummary, {
          path: '/skole/skoleskyss/',
          yes: 3,
          no: 5,
          total: 8,
          comments: 2,
          views: 410,
          series: [
            { start: '2026-11-19', yes: 1, no: 4, views: 200 },
            { start: '2026-11-20', yes: 2, no: 1, views: 210 },
          ],
          changes: [
            {
              id: '8d0f6c1a-2b3e-4f5a-8b7c-9d0e1f2a3b4c',
              path: '/skole/skoleskyss/',
              at: '2026-11-20T08:00:00.000Z',
              note: 'Søknadsskjemaet flyttet øverst',
            },
          ],
        }),
      },
    },
  },
  {
    operationId: 'listFeedback',
    method: 'get',
    path: '/api/v1/sites/:site/feedback',
    tag: 'Reports',
    access: 'editor',
    summary: 'Answers, newest first, by the feedback filters',
    params: site,
    query: feedbackQuery,
    answers: {
      200: { description: 'A page of answers.', content: json(feedbackList, { items: [anAnswer], next: null }) },
    },
  },
  {
    operationId: 'listTerms',
    method: 'get',
    path: '/api/v1/sites/:site/terms',
    tag: 'Reports',
    access: 'editor',
    summary: 'The words and phrases the comments use most',
    description: 'Counted once per comment, in any inflection, without stop words and removal tokens.',
    params: site,
    query: termsQuery,
    answers: {
      200: {
        description: 'The terms, most used first.',
        content: json(termList, { comments: 41, items: [{ term: 'søknadsskjema', comments: 7, no: 6, previous: 2 }] }),
      },
    },
  },
  {
    operationId: 'exportFeedbackCsv',
    method: 'get',
    path: '/api/v1/sites/:site/feedback.csv',
    tag: 'Reports',
    access: 'editor',
    summary: 'Answers by the feedback filters, as CSV',
    description: 'Streamed; UTF-8 with a byte-order mark; times in Oslo; audited.',
    params: site,
    query: csvQuery,
    answers: {
      200: {
        description: 'One row per answer, after a header row.',
        content: {
          'text/csv': {
            schema: z.string(),
            example: `${csvRow(csvColumns, ',')}${feedbackCsvRow(
              {
                id: anAnswer.id,
                ms: Date.parse(anAnswer.createdAt),
                path: anAnswer.path,
                found: false,
                comment: anAnswer.comment,
                redactions: 'telefon',
                status: 'new',
                lang: 'nb',
                themes: 'Spørsmål som trenger svar',
              },
              ',',
            )}`,
          },
        },
        headers: { 'Content-Disposition': 'attachment; filename="fantdu-SITE.csv"' },
      },
    },
  },
  {
    operationId: 'exportFeedbackXlsx',
    method: 'get',
    path: '/api/v1/sites/:site/feedback.xlsx',
    tag: 'Reports',
    access: 'editor',
    summary: 'Answers by the feedback filters, as an Excel workbook',
    description:
      'Streamed at constant memory; dates as Excel dates in Oslo time, found as Ja/Nei, a frozen header row with ' +
      'filters; past 1 048 575 rows on another sheet; audited. A server writes two workbooks at a time.',
    params: site,
    query: filtersQuery,
    answers: {
      200: {
        description: 'A workbook: one row per answer, after a header row.',
        content: { [xlsxType]: { schema: z.string().meta({ contentMediaType: xlsxType }) } },
        headers: { 'Content-Disposition': 'attachment; filename="fantdu-SITE.xlsx"' },
      },
    },
    problems: {
      503:
        'Two workbooks are being written already, or the database cannot be reached right now; Retry-After says ' +
        'when to try again.',
    },
  },
  {
    operationId: 'getFeedback',
    method: 'get',
    path: '/api/v1/sites/:site/feedback/:id',
    tag: 'Reports',
    access: 'editor',
    summary: 'One answer',
    params: oneFeedback,
    answers: { 200: { description: 'The answer.', content: json(feedbackItem, anAnswer) } },
    problems: { 404: noFeedback },
  },
  {
    operationId: 'setFeedbackStatus',
    method: 'patch',
    path: '/api/v1/sites/:site/feedback/:id',
    tag: 'Reports',
    access: 'editor',
    summary: "Set an answer's triage status",
    params: oneFeedback,
    body: json(statusBody, { status: 'done' }),
    answers: {
      200: { description: 'Set (and audited).', content: json(statusChanged, { id: anAnswer.id, status: 'done' }) },
    },
    problems: { 404: noFeedback },
  },
  {
    operationId: 'deleteFeedback',
    method: 'delete',
    path: '/api/v1/sites/:site/feedback/:id',
    tag: 'Reports',
    access: 'editor',
    summary: 'Delete an answer',
    params: oneFeedback,
    answers: { 204: { description: 'Deleted (and audited).' } },
    problems: { 404: noFeedback },
  },
  {
    operationId: 'listAudit',
    method: 'get',
    path: '/api/v1/sites/:site/audit',
    tag: 'Reports',
    access: 'admin',
    summary: 'Who did what when on the site',
    description: 'Logins, exports, status changes, deletions, tokens made; never comment text. Newest first.',
    params: site,
    query: auditQuery,
    answers: {
      200: {
        description: 'A page of entries.',
        content: json(auditList, {
          items: [
            {
              id: '1207',
              at: '2026-11-20T10:02:44.000Z',
              actor: 'kari@sandnes.kommune.no',
              action: 'feedback.export',
              target: null,
              details: { filters: { found: false }, sep: ';' },
            },
          ],
          next: '1206',
        }),
      },
    },
  },
];

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
