import type Router from '@koa/router';
import type { Context } from 'koa';
import { NotFound } from '../errors.ts';
import { ProviderUnavailable } from '../sso/identity-provider.ts';
import { openPending, pendingMinutes, sealPending } from '../sso/pending-sign-in.ts';
import type { SsoService } from '../sso/sso-service.ts';
import type { AdminDeps } from './admin-routes.ts';
import { adminPath, seeOther } from './forms.ts';
import { PageProblem, type Send, wordsOf } from './render.ts';
import { sessionOf, setSession } from './session.ts';
import { signInPage } from './views/sign-in-page.ts';

/** The pending sign-in's cookie: sent only to the callback, gone after it. */
const pendingCookie = 'fantdu_oidc';
const pendingPath = '/admin/login/oidc';

function setPending(ctx: Context, value: string | null, publicUrl: string): void {
  const secure = publicUrl.startsWith('https:');
  if (secure) ctx.cookies.secure = true;
  // Lax: the provider's redirect back is a top-level GET, which carries it; another site's POST does not.
  ctx.cookies.set(pendingCookie, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: pendingPath,
    maxAge: pendingMinutes * 60_000,
    secure,
    overwrite: true,
  });
}

/** The provider's trouble as a page for people: away (try again shortly), or not as fantdu is set up for. */
async function atProvider<T>(sso: SsoService, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof ProviderUnavailable)) throw err;
    const why = err.why === 'unreachable' ? 'providerDown' : 'providerOdd';
    throw new PageProblem(503, (t) => t.problems[why](sso.name), { retryAfter: 30 });
  }
}

/**
 * Single sign-on: `/admin/login/oidc` sends the browser to the provider with a new state, nonce and PKCE challenge
 * (kept in a signed cookie of ten minutes), and the provider sends it back to the callback, where the code is
 * redeemed and the person signed in with the sites their grants give.
 */
export function ssoPages(router: Router, { config, secret, clock, sso, clientKeys }: AdminDeps, send: Send): void {
  const configured = (): SsoService => {
    if (!sso) throw new NotFound('Single sign-on is not set up here.');
    return sso;
  };

  router.get(pendingPath, async (ctx) => {
    const provider = configured();
    const next = adminPath(ctx.query.next, '/admin');
    if (sessionOf(ctx)) return seeOther(ctx, next);
    const { url, pending } = await atProvider(provider, () => provider.begin(next));
    setPending(ctx, sealPending(pending, secret, clock()), config.publicUrl);
    seeOther(ctx, url);
  });

  router.get(`${pendingPath}/callback`, async (ctx) => {
    const provider = configured();
    const pending = openPending(ctx.cookies.get(pendingCookie), secret, clock());
    setPending(ctx, null, config.publicUrl);
    const query = new URLSearchParams(ctx.querystring);
    const clientKey = await clientKeys.keyOf(ctx.ip);
    const outcome = await atProvider(provider, () => provider.finish(query, pending, clientKey));
    if (outcome.kind === 'in') {
      setSession(ctx, outcome.sessionId, config.publicUrl);
      return seeOther(ctx, adminPath(outcome.next, '/admin'));
    }
    if (outcome.kind === 'wait') ctx.set('Retry-After', String(outcome.retryAfter));
    const status = outcome.kind === 'failed' ? 400 : outcome.kind === 'wait' ? 429 : 403;
    // Signed in at the provider as someone fantdu refuses: a way to sign out there and come back as another.
    const endSession = status === 403 ? await provider.endSessionUrl() : undefined;
    send(ctx, signInPage(wordsOf(ctx), outcome, provider.name, endSession), status);
  });
}
