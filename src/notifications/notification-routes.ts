import Router from '@koa/router';
import type { Context } from 'koa';
import { credentialOf, siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import { parseInput } from '../reports/report-query.ts';
import { siteId } from '../values.ts';
import { preferences, watchList } from './notification-answers.ts';
import { preferencesBody, watchBody } from './notification-query.ts';
import { maxWatches, type NotificationService } from './notification-service.ts';

const jsonBody = bodyOf('json');

/** A watch named in the JSON body, or (for a DELETE without one) in the query. */
function watchOf(ctx: Context) {
  const body = ctx.request.body as object | undefined;
  const named = ctx.method === 'DELETE' && Object.keys(body ?? {}).length === 0 ? ctx.query : body;
  return parseInput(watchBody, named);
}

const watches = 'The watches of the person on the site, by path.';
const watching = { items: [{ path: '/skole/skoleskyss/' }, { pathPrefix: '/renovasjon/' }] };
const chosen = { digest: 'daily', alerts: true };

/** The notification routes' descriptions in GET /api/v1/openapi.json. */
export const notificationApi: ApiRoute[] = [
  {
    operationId: 'listWatches',
    method: 'get',
    path: '/api/v1/sites/:site/watches',
    tag: 'Notifications',
    access: 'person',
    summary: 'What the signed-in person watches on the site',
    params: { site: siteId },
    answers: { 200: { description: watches, content: json(watchList, watching) } },
  },
  {
    operationId: 'watch',
    method: 'put',
    path: '/api/v1/sites/:site/watches',
    tag: 'Notifications',
    access: 'person',
    summary: 'Watch a page, or every page under a path',
    params: { site: siteId },
    body: json(watchBody, { pathPrefix: '/renovasjon/' }),
    answers: {
      200: { description: `Watched (once, however often asked). ${watches}`, content: json(watchList, watching) },
    },
    problems: { 409: `A person may watch at most ${maxWatches} pages and paths.` },
  },
  {
    operationId: 'unwatch',
    method: 'delete',
    path: '/api/v1/sites/:site/watches',
    tag: 'Notifications',
    access: 'person',
    summary: 'Stop watching a page or a path',
    description: 'The watch is named in the JSON body, or (without a body) in the query.',
    params: { site: siteId },
    query: watchBody,
    body: json(watchBody, { path: '/skole/skoleskyss/' }),
    bodyOptional: true,
    answers: { 204: { description: 'Not watched (any more).' } },
  },
  {
    operationId: 'getNotifications',
    method: 'get',
    path: '/api/v1/me/notifications',
    tag: 'Notifications',
    access: 'person',
    summary: 'How the signed-in person wants to be told',
    answers: {
      200: { description: 'A weekly digest with alerts unless changed.', content: json(preferences, chosen) },
    },
  },
  {
    operationId: 'setNotifications',
    method: 'put',
    path: '/api/v1/me/notifications',
    tag: 'Notifications',
    access: 'person',
    summary: 'Choose a digest and alerts',
    body: json(preferencesBody, { digest: 'daily' }),
    answers: { 200: { description: 'The choices now.', content: json(preferences, chosen) } },
  },
];

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
