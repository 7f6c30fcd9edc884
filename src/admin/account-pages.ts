import type Router from '@koa/router';
import { Problem } from '../http/problem.ts';
import { minPasswordLength } from '../accounts/passwords.ts';
import { adminPath, checkCsrf, field, parseForm, requireSession, sameOrigin, seeOther, sessionOf, setSession, userOf, type Send } from './admin-http.ts';
import type { AdminDeps } from './admin-routes.ts';
import { loginPage } from './views/login-page.ts';
import { passwordPage, type PasswordField } from './views/password-page.ts';
import { sitesPage } from './views/sites-page.ts';

const waitText = (seconds: number) => `For mange mislykkede innlogginger. Vent ${Math.ceil(seconds / 60)} minutter og prøv igjen.`;

/** Log in and out, change the password, and the list of one's sites. */
export function accountPages(router: Router, { config, accounts, clientKeys, sites }: AdminDeps, send: Send): void {
  const fromOurPages = sameOrigin(config.publicUrl);
  const csrf = checkCsrf(accounts);

  router.get('/admin/login', (ctx) => {
    const next = adminPath(ctx.query.next, '/admin');
    if (sessionOf(ctx)) return seeOther(ctx, next);
    send(ctx, loginPage({ email: '', next }));
  });

  router.post('/admin/login', fromOurPages, parseForm, async (ctx) => {
    const [email, password] = [field(ctx, 'email').trim(), field(ctx, 'password')];
    const next = adminPath(field(ctx, 'next'), '/admin');
    const again = (status: number, error: string) => send(ctx, loginPage({ email, next, error }), status);
    if (!email || !password) return again(400, 'Skriv inn både e-post og passord.');
    let session: string | undefined;
    try {
      session = await accounts.login(email, password, await clientKeys.keyOf(ctx.ip));
    } catch (err) {
      if (!(err instanceof Problem && err.status === 429)) throw err;
      ctx.set('Retry-After', String(err.extra.retryAfter ?? 60));
      return again(429, waitText(err.extra.retryAfter ?? 60));
    }
    if (!session) return again(401, 'Feil e-post eller passord.');
    setSession(ctx, session, config.publicUrl);
    seeOther(ctx, next);
  });

  router.post('/admin/logout', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    await accounts.logout(userOf(ctx));
    setSession(ctx, null, config.publicUrl);
    seeOther(ctx, '/admin/login');
  });

  router.get('/admin', requireSession, async (ctx) => {
    const user = userOf(ctx);
    const entries = await Promise.all([...user.sites].map(async ([id, role]) => ({ id, role, name: (await sites.get(id))?.name ?? id })));
    send(ctx, sitesPage(entries.sort((a, b) => a.name.localeCompare(b.name, 'nb'))));
  });

  router.get('/admin/password', requireSession, (ctx) => {
    send(ctx, passwordPage({ csrf: accounts.csrfToken(userOf(ctx)), changed: ctx.query.byttet === 'ja' }));
  });

  router.post('/admin/password', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const user = userOf(ctx);
    const again = (which: PasswordField, text: string) => send(ctx, passwordPage({ csrf: accounts.csrfToken(user), error: { field: which, text } }), 400);
    if (field(ctx, 'password') !== field(ctx, 'repeat')) return again('repeat', 'De to nye passordene er ikke like.');
    try {
      await accounts.changePassword(user, field(ctx, 'current'), field(ctx, 'password'));
    } catch (err) {
      if (!(err instanceof Problem && err.status === 400)) throw err;
      if (err.extra.errors?.[0]?.field === 'current') return again('current', 'Det nåværende passordet er feil.');
      return again('password', `Det nye passordet må ha minst ${minPasswordLength} tegn.`);
    }
    seeOther(ctx, '/admin/password?byttet=ja');
  });
}
