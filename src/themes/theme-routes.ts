import Router from '@koa/router';
import { siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import { feedbackItem } from '../reports/report-answers.ts';
import { feedbackIdOf, filtersQuery, parseInput } from '../reports/report-query.ts';
import type { ReportService } from '../reports/report-service.ts';
import { siteId, uuid } from '../values.ts';
import { createdTheme, themeList } from './theme-answers.ts';
import { feedbackThemesBody, maxThemes, themeBody, themeId, themePatch } from './theme-query.ts';
import type { ThemeService } from './theme-service.ts';

const jsonBody = bodyOf('json');

const oneTheme = { site: siteId, id: themeId };
const noTheme = 'There is no such site for this credential, or no such theme on it.';

/** The theme routes' descriptions in GET /api/v1/openapi.json. */
export const themeApi: ApiRoute[] = [
  {
    operationId: 'listThemes',
    method: 'get',
    path: '/api/v1/sites/:site/themes',
    tag: 'Themes',
    access: 'editor',
    summary: "The site's themes, with the comments of the filters in each",
    params: { site: siteId },
    query: filtersQuery,
    answers: {
      200: {
        description: 'Every theme of the site.',
        content: json(themeList, {
          items: [
            {
              id: 'feil',
              name: 'Noe virker ikke',
              words: ['feil*', 'virker ikke', 'lenke'],
              builtin: true,
              comments: 14,
              no: 12,
            },
          ],
        }),
      },
    },
  },
  {
    operationId: 'createTheme',
    method: 'post',
    path: '/api/v1/sites/:site/themes',
    tag: 'Themes',
    access: 'admin',
    summary: 'Make a theme',
    description: 'A word matches in any inflection; a phrase its words in order; `snø*` every word that begins so.',
    params: { site: siteId },
    body: json(themeBody, { name: 'Brøyting', words: ['brøyting', 'brøytebil', 'snø*'] }),
    answers: {
      201: {
        description: 'Made.',
        content: json(createdTheme, { id: '5e1b7c2d-3a4f-4b6c-8d9e-0f1a2b3c4d5e' }),
        headers: { Location: "The theme's address." },
      },
    },
    problems: { 409: `The site has ${maxThemes} themes already.` },
  },
  {
    operationId: 'updateTheme',
    method: 'patch',
    path: '/api/v1/sites/:site/themes/:id',
    tag: 'Themes',
    access: 'admin',
    summary: "Change a theme's name or words",
    params: oneTheme,
    body: json(themePatch, { words: ['brøyting', 'brøytebil', 'snø*', 'strøing'] }),
    answers: { 204: { description: 'Changed.' } },
    problems: { 404: noTheme },
  },
  {
    operationId: 'deleteTheme',
    method: 'delete',
    path: '/api/v1/sites/:site/themes/:id',
    tag: 'Themes',
    access: 'admin',
    summary: 'Delete a theme',
    params: oneTheme,
    answers: { 204: { description: 'Deleted.' } },
    problems: { 404: noTheme, 409: 'A built-in theme can be changed, not deleted.' },
  },
  {
    operationId: 'setFeedbackThemes',
    method: 'put',
    path: '/api/v1/sites/:site/feedback/:id/themes',
    tag: 'Themes',
    access: 'editor',
    summary: "Put a comment in an editor's themes",
    description: 'The themes chosen are kept; suggestions not among them are rejected. fantdu learns from the choice.',
    params: { site: siteId, id: uuid },
    body: json(feedbackThemesBody, { themes: ['feil'] }),
    answers: {
      200: {
        description: 'The answer, with its themes now.',
        content: json(feedbackItem, {
          id: '3f2c8a4e-5b1d-4c7e-9a0f-6d2e8b1c4a57',
          path: '/skole/skoleskyss/',
          found: false,
          comment: 'Lenken til skjemaet virker ikke',
          redactions: [],
          status: 'read',
          lang: 'nb',
          createdAt: '2026-11-20T09:41:12.000Z',
          themes: [{ id: 'feil', by: 'editor' }],
        }),
      },
    },
    problems: {
      404: 'There is no such site for this credential, or no such feedback on it.',
      409: 'A theme chosen was deleted meanwhile.',
    },
  },
];

/** Themes (admins make and change them, editors read them) and the themes editors put comments in. */
export function themeRoutes({ themes, reports }: { themes: ThemeService; reports: ReportService }): Router {
  const router = new Router({ prefix: '/api/v1/sites/:site' });

  router.get('/themes', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    ctx.body = { items: await themes.list(siteId, parseInput(filtersQuery, ctx.query)) };
  });

  router.post('/themes', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx, 'admin');
    const id = await themes.create(siteId, parseInput(themeBody, ctx.request.body), credential);
    ctx.status = 201;
    ctx.set('Location', `/api/v1/sites/${siteId}/themes/${encodeURIComponent(id)}`);
    ctx.body = { id };
  });

  router.patch('/themes/:id', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx, 'admin');
    await themes.update(siteId, String(ctx.params.id), parseInput(themePatch, ctx.request.body), credential);
    ctx.status = 204;
  });

  router.delete('/themes/:id', async (ctx) => {
    const { siteId, credential } = siteInScope(ctx, 'admin');
    await themes.delete(siteId, String(ctx.params.id), credential);
    ctx.status = 204;
  });

  router.put('/feedback/:id/themes', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const id = feedbackIdOf(ctx.params.id);
    const { themes: chosen } = parseInput(feedbackThemesBody, ctx.request.body);
    await themes.setFeedbackThemes(siteId, id, chosen, credential);
    ctx.body = await reports.get(siteId, id);
  });

  return router;
}
