import Router from '@koa/router';
import { siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { feedbackIdOf, filtersQuery, parseInput } from '../reports/report-query.ts';
import type { ReportService } from '../reports/report-service.ts';
import { feedbackThemesBody, themeBody, themePatch } from './theme-query.ts';
import type { ThemeService } from './theme-service.ts';

const jsonBody = bodyOf('json');

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
