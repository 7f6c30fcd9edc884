import type Router from '@koa/router';
import { changeBody } from '../changes/change-query.ts';
import { NotFound } from '../errors.ts';
import { siteInScope } from '../http/auth.ts';
import { osloDay, osloDayStart } from '../reports/oslo-dates.ts';
import { day, parseInput } from '../reports/report-query.ts';
import { isUuid } from '../values.ts';
import type { AdminDeps } from './admin-routes.ts';
import { adminPath, checkCsrf, field, parseForm, sameOrigin, seeOther } from './forms.ts';
import { links } from './links.ts';
import { requireSession } from './session.ts';

const changeForm = changeBody.pick({ path: true, note: true }).extend({ day });

/** Back to the page report the form came from, with a notice, at its changes. */
function back(siteId: string, value: unknown, notice: string): string {
  const url = new URL(adminPath(value, links.siteReport(siteId), links.sitePrefix(siteId)), 'http://admin.invalid');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}#changes`;
}

/** Noting a page change (a day, today meaning now, and what changed) and removing one: forms that post, then 303. */
export function changeActions(router: Router, { config, secret, changes, clock }: AdminDeps): void {
  const guards = [requireSession, sameOrigin(config.publicUrl), parseForm, checkCsrf(secret)] as const;

  router.post('/admin/sites/:site/changes', ...guards, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const form = parseInput(changeForm, { path: field(ctx, 'path'), note: field(ctx, 'note'), day: field(ctx, 'day') });
    const at = form.day === osloDay(clock()) ? undefined : osloDayStart(form.day).toISOString();
    await changes.create(siteId, { path: form.path, note: form.note, at }, credential);
    seeOther(ctx, back(siteId, field(ctx, 'back'), 'endring'));
  });

  router.post('/admin/sites/:site/changes/:id/delete', ...guards, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    if (!isUuid(ctx.params.id)) throw new NotFound('There is no such change on this site.');
    await changes.delete(siteId, ctx.params.id.toLowerCase(), credential);
    seeOther(ctx, back(siteId, field(ctx, 'back'), 'endring-fjernet'));
  });
}
