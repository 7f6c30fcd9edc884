import Router from '@koa/router';
import { NotFound } from '../errors.ts';
import { siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { parseInput } from '../reports/report-query.ts';
import { isUuid } from '../values.ts';
import { changeBody, changesQuery } from './change-query.ts';
import type { ChangeService } from './change-service.ts';

const jsonBody = bodyOf('json');

/** A change id from a URL; anything that is not a UUID is simply not there. */
function changeIdOf(value: unknown): string {
  if (!isUuid(value)) throw new NotFound('There is no such change on this site.');
  return value.toLowerCase();
}

/** Page changes: a CMS or an editor notes them; every reader of the site sees them with their verdicts. */
export function changeRoutes({ changes }: { changes: ChangeService }): Router {
  const router = new Router({ prefix: '/api/v1/sites/:site' });

  router.post('/changes', jsonBody, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const id = await changes.create(siteId, parseInput(changeBody, ctx.request.body), credential);
    ctx.status = 201;
    ctx.set('Location', `/api/v1/sites/${siteId}/changes/${id}`);
    ctx.body = { id };
  });

  router.get('/changes', async (ctx) => {
    const { siteId } = siteInScope(ctx);
    ctx.body = { items: await changes.list(siteId, parseInput(changesQuery, ctx.query)) };
  });

  router.delete('/changes/:id', async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    await changes.delete(siteId, changeIdOf(ctx.params.id), credential);
    ctx.status = 204;
  });

  return router;
}
