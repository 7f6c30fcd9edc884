import type { Context, Next } from 'koa';
import { type Credential, sessionHours } from '../accounts/credential.ts';
import { sessionCookie, siteInScope } from '../http/auth.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { Role } from '../values.ts';
import { href } from './format.ts';
import { seeOther } from './forms.ts';
import type { SiteRef } from './links.ts';
import { PageProblem, sessionOf } from './render.ts';

export { sessionOf };

export async function requireSession(ctx: Context, next: Next): Promise<void> {
  if (sessionOf(ctx)) return next();
  seeOther(ctx, ctx.method === 'GET' ? href('/admin/login', { next: ctx.originalUrl }) : '/admin/login');
}

export function setSession(ctx: Context, sessionId: string | null, publicUrl: string): void {
  // TLS may end at a proxy: the public address, not this connection, says whether the cookie is secure.
  const secure = publicUrl.startsWith('https:');
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(sessionCookie, sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: sessionHours * 3_600_000,
    secure,
    overwrite: true,
  });
}

/** The logged-in user; the routes that call this run behind requireSession. */
export function userOf(ctx: Context): Credential {
  const credential = sessionOf(ctx);
  if (!credential) throw new PageProblem(401, (t) => t.problems.signIn);
  return credential;
}

/** The site of the route, if the user may see it (another site is a 404, whether or not it exists). */
export async function siteOf(ctx: Context, sites: SiteService, needs: Role = 'editor'): Promise<SiteRef> {
  const { siteId } = siteInScope(ctx, needs);
  const site = await sites.get(siteId);
  return { id: siteId, name: site?.name ?? siteId };
}
