import type Router from '@koa/router';
import { z } from 'zod';
import { Forbidden } from '../errors.ts';
import { siteInScope } from '../http/auth.ts';
import { addDays, osloDay } from '../reports/oslo-dates.ts';
import { parseInput } from '../reports/report-query.ts';
import { themeBody } from '../themes/theme-query.ts';
import type { AdminDeps } from './admin-routes.ts';
import { checkCsrf, csrfToken, field, noticeOf, parseForm, sameOrigin, seeOther } from './forms.ts';
import { links } from './links.ts';
import { type Send, wordsOf } from './render.ts';
import { requireSession, siteOf, userOf } from './session.ts';
import { themesPage } from './views/themes-page.ts';
import type { AdminTexts } from './words.ts';

const notices = (t: AdminTexts): Record<string, string> => ({
  laget: t.notices.themeMade,
  lagret: t.notices.themeSaved,
  slettet: t.notices.themeDeleted,
});
const themesQuery = z.object({ notice: z.string().max(20).optional() });

/** The words of the form's textarea: one a line, blank lines left out. */
const wordLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((w) => w.trim())
    .filter(Boolean);

/** A site's themes in /admin: everyone sees them; admins make, change and delete them. */
export function themePages(router: Router, { config, secret, themes, sites, clock }: AdminDeps, send: Send): void {
  const fromOurPages = sameOrigin(config.publicUrl);
  const csrf = checkCsrf(secret);
  const asAdmin = (ctx: Parameters<typeof siteInScope>[0]) => {
    const scope = siteInScope(ctx);
    if (scope.credential.sites.get(scope.siteId) !== 'admin')
      throw new Forbidden('Only an admin of this site may change its themes.');
    return scope;
  };
  const formBody = (ctx: Parameters<typeof field>[0]) =>
    parseInput(themeBody, { name: field(ctx, 'name'), words: wordLines(field(ctx, 'words')) });

  router.get('/admin/sites/:site/themes', requireSession, async (ctx) => {
    const site = await siteOf(ctx, sites);
    const { notice } = parseInput(themesQuery, ctx.query);
    const from = addDays(osloDay(clock()), -29);
    const user = userOf(ctx);
    const w = wordsOf(ctx);
    send(
      ctx,
      themesPage(w, {
        site,
        themes: await themes.list(site.id, { from }),
        admin: user.sites.get(site.id) === 'admin',
        csrf: csrfToken(secret, user),
        notice: noticeOf(notices(w.t), notice),
      }),
    );
  });

  router.post('/admin/sites/:site/themes', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { siteId, credential } = asAdmin(ctx);
    await themes.create(siteId, formBody(ctx), credential);
    seeOther(ctx, `${links.themes(siteId)}?notice=laget`);
  });

  router.post('/admin/sites/:site/themes/:id', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { siteId, credential } = asAdmin(ctx);
    await themes.update(siteId, String(ctx.params.id), formBody(ctx), credential);
    seeOther(ctx, `${links.themes(siteId)}?notice=lagret`);
  });

  router.post('/admin/sites/:site/themes/:id/delete', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { siteId, credential } = asAdmin(ctx);
    await themes.delete(siteId, String(ctx.params.id), credential);
    seeOther(ctx, `${links.themes(siteId)}?notice=slettet`);
  });
}
