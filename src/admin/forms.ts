import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Credential } from '../accounts/credential.ts';
import { isOwnOrigin } from '../http/auth.ts';
import { bodyOf } from '../http/body.ts';
import { PageProblem, sessionOf } from './render.ts';

/** A form's CSRF token: tied to the session, so a page of another site cannot make one. */
export function csrfToken(secret: string, credential: Credential): string {
  return createHmac('sha256', secret)
    .update(`csrf:${credential.sessionIdHash ?? ''}`)
    .digest('base64url');
}

/** A form posted with a session must carry the session's CSRF token. */
export function checkCsrf(secret: string) {
  return async function csrf(ctx: Context, next: Next): Promise<void> {
    const credential = sessionOf(ctx);
    const expected = Buffer.from(credential ? csrfToken(secret, credential) : '');
    const given = Buffer.from(field(ctx, '_csrf'));
    if (!credential || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new PageProblem(403, (t) => t.problems.csrf);
    }
    await next();
  };
}

/**
 * A form from another origin is refused, login included (it has no CSRF token: there is no session yet). Our own
 * origin is the public address, or the one this request came to (http://localhost:3000 as well as 127.0.0.1).
 */
export function sameOrigin(publicUrl: string) {
  return async function refuseOtherOrigins(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('Origin');
    if (origin && !isOwnOrigin(ctx, publicUrl, origin)) throw new PageProblem(403, (t) => t.problems.otherOrigin);
    await next();
  };
}

export const parseForm = bodyOf('form');

/** A text field of the posted form ('' when absent). */
export function field(ctx: Context, name: string): string {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A GET form sends empty fields as `name=`; they mean "not chosen". */
export function formQuery(ctx: Context): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ctx.query).filter(([, value]) => value !== ''));
}

/** A local /admin address to go to after a form, or the fallback: never another site (an open redirect). */
export function adminPath(value: unknown, fallback: string, under = '/admin'): string {
  if (typeof value !== 'string' || /[\\\s\u0000-\u001f]/.test(value)) return fallback;
  // Only an address already in its normal form: dot segments (`/admin/../..//evil.example`) would resolve elsewhere.
  const url = URL.canParse(value, 'http://admin.invalid') ? new URL(value, 'http://admin.invalid') : undefined;
  if (url?.host !== 'admin.invalid' || `${url.pathname}${url.search}${url.hash}` !== value) return fallback;
  return value === under || value.startsWith(`${under}/`) || value.startsWith(`${under}?`) ? value : fallback;
}

export function seeOther(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

/** The notice a page was sent back with (`?notice=`), by its key: only the page's own keys, not Object's. */
export const noticeOf = (notices: Record<string, string>, key: unknown): string | undefined =>
  typeof key === 'string' && Object.hasOwn(notices, key) ? notices[key] : undefined;
