import type { Context, Next } from 'koa';
import type { Credential } from '../accounts/credential.ts';
import type { TokenService } from '../accounts/token-service.ts';
import type { UserService } from '../accounts/user-service.ts';
import { Forbidden, NotFound, Unauthenticated } from '../errors.ts';
import type { Role } from '../values.ts';

export const sessionCookie = 'fantdu_session';

export interface AuthState {
  credential?: Credential;
}

/** Only the editors' API and pages take credentials; citizens' requests skip the lookup. */
const takesCredentials = (path: string) =>
  path.startsWith('/api/v1/sites/') ||
  path.startsWith('/api/v1/me/') ||
  path === '/admin' ||
  path.startsWith('/admin/');

/** fantdu's own origin: its public address, or the one this request came to (localhost as well as 127.0.0.1). */
export function isOwnOrigin(ctx: Context, publicUrl: string, origin: string): boolean {
  // (In Koa 3, ctx.origin is the Origin header, so the origin this request came to is made here.)
  return origin === publicUrl || origin === `${ctx.protocol}://${ctx.host}`;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads `Authorization: Bearer <token>` or the session cookie; the credential, if any, goes to ctx.state. A browser
 * sends the cookie wherever the request comes from, so a request that changes something on a session's authority
 * must carry fantdu's own Origin: another site's page cannot act for a logged-in editor, whatever the route.
 */
export function authenticate({ users, tokens }: { users: UserService; tokens: TokenService }, publicUrl: string) {
  return async function readCredential(ctx: Context, next: Next): Promise<void> {
    if (!takesCredentials(ctx.path)) return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1];
    const session = bearer ? undefined : ctx.cookies.get(sessionCookie);
    const credential = bearer
      ? await tokens.tokenCredential(bearer)
      : session
        ? await users.sessionCredential(session)
        : undefined;
    if (credential?.sessionIdHash && !safeMethods.has(ctx.method) && !isOwnOrigin(ctx, publicUrl, ctx.get('Origin'))) {
      throw new Forbidden("A change made with a session must come from fantdu's own pages (the Origin header).");
    }
    (ctx.state as AuthState).credential = credential;
    await next();
  };
}

export function credentialOf(ctx: Context): Credential {
  const credential = (ctx.state as AuthState).credential;
  if (!credential) {
    ctx.set('WWW-Authenticate', 'Bearer realm="fantdu"');
    throw new Unauthenticated('Log in, or send an API token as "Authorization: Bearer <token>".');
  }
  return credential;
}

/**
 * The `:site` of the route, if the credential may see it: no credential is 401, a site outside it is 404 (whether
 * or not it exists), and a role too low for the action is 403.
 */
export function siteInScope(ctx: Context, needs: Role = 'editor'): { siteId: string; credential: Credential } {
  const credential = credentialOf(ctx);
  const siteId = String(ctx.params.site ?? '');
  const role = credential.sites.get(siteId);
  if (!role) throw new NotFound(`There is no site "${siteId}" for you.`);
  if (needs === 'admin' && role !== 'admin') throw new Forbidden('Only an admin of this site may see this.');
  return { siteId, credential };
}
