import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { parseInput } from '../reports/report-query.ts';
import { lang } from '../values.ts';
import type { AdminDeps } from './admin-routes.ts';
import { href } from './format.ts';
import { adminPath, checkCsrf, csrfToken, field, parseForm, sameOrigin, seeOther } from './forms.ts';
import { PageProblem, type Send, wordsOf } from './render.ts';
import { requireSession, sessionOf, setSession, userOf } from './session.ts';
import { loginPage } from './views/login-page.ts';
import { type PasswordField, passwordPage } from './views/password-page.ts';
import { sitesPage } from './views/sites-page.ts';

const languageChoice = z.object({ lang });

/** Log in and out, change the password, choose the language, and the list of one's sites. */
export function accountPages(
  router: Router,
  { config, secret, users, clientKeys, sites, sso }: AdminDeps,
  send: Send,
): void {
  const fromOurPages = sameOrigin(config.publicUrl);
  const csrf = checkCsrf(secret);
  const passwords = config.passwordLogin === 'on';
  const form = (next: string) => ({
    passwords,
    next,
    sso: sso && { name: sso.name, href: href('/admin/login/oidc', { next: next === '/admin' ? undefined : next }) },
  });
  async function passwordsOn(_ctx: Context, next: Next): Promise<void> {
    if (!passwords) throw new PageProblem(403, (t) => t.problems.passwordsOff);
    await next();
  }

  router.get('/admin/login', async (ctx) => {
    const next = adminPath(ctx.query.next, '/admin');
    if (sessionOf(ctx)) return seeOther(ctx, next);
    const signedOut =
      sso && ctx.query.utlogget === 'sso' ? { name: sso.name, endSession: await sso.endSessionUrl() } : undefined;
    send(ctx, loginPage(wordsOf(ctx), { ...form(next), email: '', signedOut }));
  });

  router.post('/admin/login', passwordsOn, fromOurPages, parseForm, async (ctx) => {
    const [email, password] = [field(ctx, 'email').trim(), field(ctx, 'password')];
    const next = adminPath(field(ctx, 'next'), '/admin');
    const w = wordsOf(ctx);
    const again = (status: number, error: string) => send(ctx, loginPage(w, { ...form(next), email, error }), status);
    if (!email || !password) return again(400, w.t.login.missing);
    const outcome = await users.login(email, password, await clientKeys.keyOf(ctx.ip));
    if (outcome.kind === 'locked') {
      ctx.set('Retry-After', String(outcome.retryAfter));
      return again(429, w.t.login.wait(w.plural(Math.ceil(outcome.retryAfter / 60), w.t.counts.minutes)));
    }
    if (outcome.kind === 'wrong') return again(401, w.t.login.wrong);
    setSession(ctx, outcome.sessionId, config.publicUrl);
    seeOther(ctx, next);
  });

  router.post('/admin/logout', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { oidc } = await users.logout(userOf(ctx));
    setSession(ctx, null, config.publicUrl);
    seeOther(ctx, oidc && sso ? '/admin/login?utlogget=sso' : '/admin/login');
  });

  // One choice for /admin and the mails, kept on the person: every page and mail after it is in that language.
  router.post('/admin/language', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const choice = parseInput(languageChoice, { lang: field(ctx, 'lang') });
    await users.chooseLanguage(userOf(ctx), choice.lang);
    seeOther(ctx, adminPath(field(ctx, 'next'), '/admin'));
  });

  router.get('/admin', requireSession, async (ctx) => {
    const user = userOf(ctx);
    const w = wordsOf(ctx);
    const entries = await Promise.all(
      [...user.sites].map(async ([id, role]) => ({ id, role, name: (await sites.get(id))?.name ?? id })),
    );
    send(
      ctx,
      sitesPage(
        w,
        entries.sort((a, b) => w.compare(a.name, b.name)),
      ),
    );
  });

  router.get('/admin/password', requireSession, passwordsOn, (ctx) => {
    const page = { csrf: csrfToken(secret, userOf(ctx)), changed: ctx.query.byttet === 'ja' };
    send(ctx, passwordPage(wordsOf(ctx), page));
  });

  router.post('/admin/password', requireSession, passwordsOn, fromOurPages, parseForm, csrf, async (ctx) => {
    const user = userOf(ctx);
    const w = wordsOf(ctx);
    const { t } = w;
    const again = (which: PasswordField, text: string, status = 400) =>
      send(ctx, passwordPage(w, { csrf: csrfToken(secret, user), error: { field: which, text } }), status);
    if (field(ctx, 'password') !== field(ctx, 'repeat')) return again('repeat', t.password.notSame);
    const outcome = await users.changePassword(user, field(ctx, 'current'), field(ctx, 'password'));
    switch (outcome.kind) {
      case 'no-password':
        return again('current', t.password.none(sso?.name ?? t.password.municipalSignIn));
      case 'wrong-current':
        return again('current', t.password.wrongCurrent);
      case 'too-short':
        return again('password', t.password.tooShort(w.plural(outcome.min, t.counts.characters)));
      case 'locked':
        ctx.set('Retry-After', String(outcome.retryAfter));
        return again('current', t.login.wait(w.plural(Math.ceil(outcome.retryAfter / 60), t.counts.minutes)), 429);
      case 'changed':
        return seeOther(ctx, '/admin/password?byttet=ja');
    }
  });
}
