import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { siteInScope } from '../http/auth.ts';
import { feedbackIdOf, parseInput, statusBody } from '../reports/report-query.ts';
import type { AdminDeps } from './admin-routes.ts';
import { adminPath, checkCsrf, csrfToken, field, parseForm, sameOrigin, seeOther } from './forms.ts';
import { links } from './links.ts';
import { type Send, wordsOf } from './render.ts';
import { requireSession, siteOf, userOf } from './session.ts';
import { deletePage } from './views/delete-page.ts';

const feedbackId = (ctx: Context) => feedbackIdOf(ctx.params.id);
const themeChange = z.object({
  theme: z.string().max(100),
  action: z.enum(['add', 'remove'], 'must be add or remove'),
});

/** Where a form goes back to: a page of the same site, else the site report. */
const backTo = (siteId: string, value: unknown) => adminPath(value, links.siteReport(siteId), links.sitePrefix(siteId));

function withNotice(path: string, notice: string): string {
  const url = new URL(path, 'http://admin.invalid');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}

/**
 * Status buttons, themes (a suggestion accepted or rejected, a comment put in a theme or taken out), and deletion
 * behind a confirmation page: forms that post, with a CSRF token, then 303 back.
 */
export function feedbackActions(
  router: Router,
  { config, secret, reports, themes, sites }: AdminDeps,
  send: Send,
): void {
  const fromOurPages = sameOrigin(config.publicUrl);
  const csrf = checkCsrf(secret);

  router.post('/admin/sites/:site/feedback/:id/status', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const id = feedbackId(ctx);
    const { status } = parseInput(statusBody, { status: field(ctx, 'status') });
    await reports.setStatus(siteId, id, status, credential);
    seeOther(ctx, `${backTo(siteId, field(ctx, 'back'))}#fb-${id}`);
  });

  router.post('/admin/sites/:site/feedback/:id/themes', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const id = feedbackId(ctx);
    const change = parseInput(themeChange, { theme: field(ctx, 'theme'), action: field(ctx, 'action') });
    await themes.changeFeedbackTheme(siteId, id, change, credential);
    seeOther(ctx, `${backTo(siteId, field(ctx, 'back'))}#fb-${id}`);
  });

  router.get('/admin/sites/:site/feedback/:id/delete', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const item = await reports.get(site.id, feedbackId(ctx));
    const back = backTo(site.id, ctx.query.back ?? links.pageReport(site.id, { path: item.path }));
    send(ctx, deletePage(wordsOf(ctx), site, item, csrfToken(secret, userOf(ctx)), back));
  });

  router.post('/admin/sites/:site/feedback/:id/delete', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    await reports.delete(siteId, feedbackId(ctx), credential);
    seeOther(ctx, withNotice(backTo(siteId, field(ctx, 'back')), 'slettet'));
  });
}
