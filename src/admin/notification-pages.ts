import type Router from '@koa/router';
import { z } from 'zod';
import { siteInScope } from '../http/auth.ts';
import { digests } from '../notifications/notification.ts';
import { watchBody } from '../notifications/notification-query.ts';
import { isMailKind, isUnsubscribeSignature } from '../notifications/unsubscribe.ts';
import { parseInput } from '../reports/report-query.ts';
import type { AdminDeps } from './admin-routes.ts';
import {
  adminPath,
  checkCsrf,
  csrfToken,
  field,
  formQuery,
  noticeOf,
  parseForm,
  sameOrigin,
  seeOther,
} from './forms.ts';
import { links } from './links.ts';
import { PageProblem, type Send, wordsOf } from './render.ts';
import { requireSession, userOf } from './session.ts';
import { notificationsPage, unsubscribePage } from './views/notifications-page.ts';
import { watchNotices } from './views/watch-form.ts';
import type { AdminTexts } from './words.ts';

const watchChange = z.object({
  kind: z.enum(['path', 'prefix'], 'must be path or prefix'),
  path: z.string(),
  action: z.enum(['add', 'remove'], 'must be add or remove'),
});
const choices = z.object({
  digest: z.enum(digests, 'must be off, daily or weekly'),
  alerts: z.boolean(),
});
const notices = (t: AdminTexts): Record<string, string> => ({ lagret: t.notices.saved, ...watchNotices(t) });

function withNotice(path: string, notice: string): string {
  const url = new URL(path, 'http://admin.invalid');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}

/**
 * "Varsler og e-post": what a person watches and how they are told (in the language they read fantdu in, chosen at
 * the top of every page); and the button that watches a page.
 */
export function notificationPages(router: Router, { config, secret, notifications, sites }: AdminDeps, send: Send) {
  const guards = [requireSession, sameOrigin(config.publicUrl), parseForm, checkCsrf(secret)] as const;

  router.get('/admin/notifications', requireSession, async (ctx) => {
    const user = userOf(ctx);
    const [preferences, watched, known] = await Promise.all([
      notifications.preferences(user),
      notifications.all(user),
      sites.list(),
    ]);
    const names = new Map(known.map((s) => [s.id, s.name]));
    const w = wordsOf(ctx);
    const notice = noticeOf(notices(w.t), formQuery(ctx).notice);
    send(
      ctx,
      notificationsPage(w, {
        preferences,
        mail: config.smtpUrl !== undefined,
        watches: watched.map(({ siteId, watch }) => ({
          site: { id: siteId, name: names.get(siteId) ?? siteId },
          watch,
        })),
        csrf: csrfToken(secret, user),
        notice,
      }),
    );
  });

  router.post('/admin/notifications', ...guards, async (ctx) => {
    const chosen = parseInput(choices, { digest: field(ctx, 'digest'), alerts: field(ctx, 'alerts') === 'ja' });
    await notifications.choose(chosen, userOf(ctx));
    seeOther(ctx, withNotice('/admin/notifications', 'lagret'));
  });

  // The link in a mail works without a session: its signature is the person's say-so. GET only asks (mail scanners
  // open links); POST acts, also as the one-click unsubscribe of RFC 8058 (the query and `List-Unsubscribe=One-Click`).
  const linkOf = (values: Record<string, unknown>) => {
    const { user, what, sig } = values;
    if (
      typeof user !== 'string' ||
      !isMailKind(what) ||
      typeof sig !== 'string' ||
      !isUnsubscribeSignature(secret, user, what, sig)
    )
      throw new PageProblem(400, (t) => t.problems.badUnsubscribeLink);
    return { user, what, sig };
  };
  router.get('/admin/unsubscribe', (ctx) => send(ctx, unsubscribePage(wordsOf(ctx), linkOf(ctx.query), false)));
  router.post('/admin/unsubscribe', parseForm, async (ctx) => {
    const link = linkOf({ ...ctx.query, ...(ctx.request.body as object) });
    if (!(await notifications.unsubscribe(link.user, link.what)))
      throw new PageProblem(404, (t) => t.problems.noSuchPerson);
    send(ctx, unsubscribePage(wordsOf(ctx), link, true));
  });

  router.post('/admin/sites/:site/watches', ...guards, async (ctx) => {
    const { siteId, credential } = siteInScope(ctx);
    const change = parseInput(watchChange, {
      kind: field(ctx, 'kind'),
      path: field(ctx, 'path'),
      action: field(ctx, 'action'),
    });
    const watch = parseInput(watchBody, change.kind === 'path' ? { path: change.path } : { pathPrefix: change.path });
    if (change.action === 'add') await notifications.watch(siteId, watch, credential);
    else await notifications.unwatch(siteId, watch, credential);
    const back = adminPath(field(ctx, 'back'), links.siteReport(siteId), '/admin');
    seeOther(ctx, withNotice(back, change.action === 'add' ? 'folger' : 'folger-ikke'));
  });
}
