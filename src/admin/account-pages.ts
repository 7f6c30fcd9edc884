import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { AdminDeps } from './admin-routes.ts';
import { href } from './format.ts';
import { adminPath, checkCsrf, csrfToken, field, parseForm, sameOrigin, seeOther } from './forms.ts';
import { PageProblem, type Send } from './render.ts';
import { requireSession, sessionOf, setSession, userOf } from './session.ts';
import { loginPage } from './views/login-page.ts';
import { type PasswordField, passwordPage } from './views/password-page.ts';
import { sitesPage } from './views/sites-page.ts';

const waitText = (seconds: number) =>
  `For mange mislykkede innlogginger. Vent ${Math.ceil(seconds / 60)} minutter og prøv igjen.`;

/** Log in and out, change the password, and the list of one's sites. */
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
    if (!passwords)
      throw new PageProblem(403, 'Innlogging med passord er slått av her. Logg inn fra innloggingssiden.');
    await next();
  }

  router.get('/admin/login', async (ctx) => {
    const next = adminPath(ctx.query.next, '/admin');
    if (sessionOf(ctx)) return seeOther(ctx, next);
    const signedOut =
      sso && ctx.query.utlogget === 'sso' ? { name: sso.name, endSession: await sso.endSessionUrl() } : undefined;
    send(ctx, loginPage({ ...form(next), email: '', signedOut }));
  });

  router.post('/admin/login', passwordsOn, fromOurPages, parseForm, async (ctx) => {
    const [email, password] = [field(ctx, 'email').trim(), field(ctx, 'password')];
    const next = adminPath(field(ctx, 'next'), '/admin');
    const again = (status: number, error: string) => send(ctx, loginPage({ ...form(next), email, error }), status);
    if (!email || !password) return again(400, 'Skriv inn både e-post og passord.');
    const outcome = await users.login(email, password, await clientKeys.keyOf(ctx.ip));
    if (outcome.kind === 'locked') {
      ctx.set('Retry-After', String(outcome.retryAfter));
      return again(429, waitText(outcome.retryAfter));
    }
    if (outcome.kind === 'wrong') return again(401, 'Feil e-post eller passord.');
    setSession(ctx, outcome.sessionId, config.publicUrl);
    seeOther(ctx, next);
  });

  router.post('/admin/logout', requireSession, fromOurPages, parseForm, csrf, async (ctx) => {
    const { oidc } = await users.logout(userOf(ctx));
    setSession(ctx, null, config.publicUrl);
    seeOther(ctx, oidc && sso ? '/admin/login?utlogget=sso' : '/admin/login');
  });

  router.get('/admin', requireSession, async (ctx) => {
    const user = userOf(ctx);
    const entries = await Promise.all(
      [...user.sites].map(async ([id, role]) => ({ id, role, name: (await sites.get(id))?.name ?? id })),
    );
    send(ctx, sitesPage(entries.sort((a, b) => a.name.localeCompare(b.name, 'nb'))));
  });

  router.get('/admin/password', requireSession, passwordsOn, (ctx) => {
    send(ctx, passwordPage({ csrf: csrfToken(secret, userOf(ctx)), changed: ctx.query.byttet === 'ja' }));
  });

  router.post('/admin/password', requireSession, passwordsOn, fromOurPages, parseForm, csrf, async (ctx) => {
    const user = userOf(ctx);
    const again = (which: PasswordField, text: string, status = 400) =>
      send(ctx, passwordPage({ csrf: csrfToken(secret, user), error: { field: which, text } }), status);
    if (field(ctx, 'password') !== field(ctx, 'repeat')) return again('repeat', 'De to nye passordene er ikke like.');
    const outcome = await users.changePassword(user, field(ctx, 'current'), field(ctx, 'password'));
    switch (outcome.kind) {
      case 'no-password':
        return again(
          'current',
          `Du har ikke noe passord i fantdu: du logger inn med ${sso?.name ?? 'kommunens innlogging'}.`,
        );
      case 'wrong-current':
        return again('current', 'Det nåværende passordet er feil.');
      case 'too-short':
        return again('password', `Det nye passordet må ha minst ${outcome.min} tegn.`);
      case 'locked':
        ctx.set('Retry-After', String(outcome.retryAfter));
        return again('current', waitText(outcome.retryAfter), 429);
      case 'changed':
        return seeOther(ctx, '/admin/password?byttet=ja');
    }
  });
}
