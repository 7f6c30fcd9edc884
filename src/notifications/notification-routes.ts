import Router from '@koa/router';
import type { Context } from 'koa';
import { credentialOf, siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { parseInput } from '../reports/report-query.ts';
import { preferencesBody, watchBody } from './notification-query.ts';
import type { NotificationService } from './notification-service.ts';

const jsonBody = bodyOf('json');

/** A watch named in the JSON body, or (for a DELETE without one) in the query. */
function watchOf(ctx: Context) {
  const body = ctx.request.body as object | undefined;
  const named = ctx.method === 'DELETE' && Object.keys(body ?? {}).length === 0 ? ctx.query : body;
  return parseInput(watchBody, named);
}

/** The signed-in person's watches on a site, and what they want to be told. */
export function notificationRoutes({ notifications }: { notifications: NotificationService }): Router {
  const router = new Router();

  router.get('/api/v1/sites/:site/watches', async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    ctx.body = { items: await notifications.list(siteId, credential) };
  });

  router.put('/api/v1/sites/:site/watches', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    await notifications.watch(siteId, watchOf(ctx), credential);
    ctx.body = { items: await notifications.list(siteId, credential) };
  });

  router.delete('/api/v1/sites/:site/watches', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    await notifications.unwatch(siteId, watchOf(ctx), credential);
    ctx.status = 204;
  });

  router.get('/api/v1/me/notifications', async (ctx) => {
    ctx.body = await notifications.preferences(credentialOf(ctx));
  });

  router.put('/api/v1/me/notifications', jsonBody, async (ctx) => {
    const credential = credentialOf(ctx);
    ctx.body = await notifications.choose(parseInput(preferencesBody, ctx.request.body), credential);
  });

  return router;
}
