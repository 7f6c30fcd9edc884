import Router from '@koa/router';
import { NotFound } from '../errors.ts';
import { siteInScope } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { type ApiRoute, json } from '../http/openapi.ts';
import { parseInput } from '../reports/report-query.ts';
import { isUuid, siteId, uuid } from '../values.ts';
import { changeList, createdChange } from './change-answers.ts';
import { changeBody, changesQuery } from './change-query.ts';
import type { ChangeService } from './change-service.ts';

const jsonBody = bodyOf('json');

/** A change id from a URL; anything that is not a UUID is simply not there. */
function changeIdOf(value: unknown): string {
  if (!isUuid(value)) throw new NotFound('There is no such change on this site.');
  return value.toLowerCase();
}

/** The change routes' descriptions in GET /api/v1/openapi.json. */
export const changeApi: ApiRoute[] = [
  {
    operationId: 'createChange',
    method: 'post',
    path: '/api/v1/sites/:site/changes',
    tag: 'Changes',
    access: 'editor',
    summary: 'Note that a page was changed',
    description: 'A CMS can call it on publish. `at` (from 2000 up to a day ahead) defaults to now.',
    params: { site: siteId },
    body: json(changeBody, { path: '/skole/skoleskyss/', note: 'Søknadsskjemaet flyttet øverst' }),
    answers: {
      201: {
        description: 'Noted.',
        content: json(createdChange, { id: '8d0f6c1a-2b3e-4f5a-8b7c-9d0e1f2a3b4c' }),
        headers: { Location: "The change's address." },
      },
    },
  },
  {
    operationId: 'listChanges',
    method: 'get',
    path: '/api/v1/sites/:site/changes',
    tag: 'Changes',
    access: 'editor',
    summary: 'Changes, newest first, each judged by the answers before and after it',
    params: { site: siteId },
    query: changesQuery,
    answers: {
      200: {
        description: 'The changes.',
        content: json(changeList, {
          items: [
            {
              id: '8d0f6c1a-2b3e-4f5a-8b7c-9d0e1f2a3b4c',
              path: '/skole/skoleskyss/',
              at: '2026-11-13T09:00:00.000Z',
              note: 'Søknadsskjemaet flyttet øverst',
              before: { yes: 16, no: 24, from: '2026-11-06T09:00:00.000Z', to: '2026-11-13T09:00:00.000Z' },
              after: { yes: 34, no: 6, from: '2026-11-13T09:00:00.000Z', to: '2026-11-20T09:00:00.000Z' },
              verdict: 'better',
            },
          ],
        }),
      },
    },
  },
  {
    operationId: 'deleteChange',
    method: 'delete',
    path: '/api/v1/sites/:site/changes/:id',
    tag: 'Changes',
    access: 'editor',
    summary: 'Remove a change',
    params: { site: siteId, id: uuid },
    answers: { 204: { description: 'Removed.' } },
    problems: { 404: 'There is no such site for this credential, or no such change on it.' },
  },
];

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
