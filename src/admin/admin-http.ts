import type { Context, Next } from 'koa';
import { bodyOf } from '../http/body.ts';
import { isDatabaseUnavailable } from '../db.ts';
import { sessionHours, type AccountService, type Credential, type Role } from '../accounts/account-service.ts';
import { isOwnOrigin, sessionCookie, siteInScope, type AuthState } from '../http/auth.ts';
import { Problem, toProblem } from '../http/problem.ts';
import { sendStatic, staticFile } from '../http/static-file.ts';
import { projectRoot } from '../paths.ts';
import type { SiteService } from '../sites/site-service.ts';
import { href } from './format.ts';
import type { SiteRef } from './links.ts';
import { errorPage } from './views/error-page.ts';
import { renderPage, type PageContent, type Viewer } from './views/layout.ts';

/** A refusal whose detail is written for the page, in Norwegian (a Problem's detail is English, for the API). */
export class PageProblem extends Problem {}

export const adminCsp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export async function adminHeaders(ctx: Context, next: Next): Promise<void> {
  ctx.set('Content-Security-Policy', adminCsp);
  ctx.set('Cache-Control', 'no-store');
  await next();
}

/** The logged-in user behind this request, if it came with a session (API tokens are for the API, not these pages). */
export function sessionOf(ctx: Context): Credential | undefined {
  const credential = (ctx.state as AuthState).credential;
  return credential?.sessionIdHash ? credential : undefined;
}

export type Send = (ctx: Context, page: PageContent, status?: number) => void;

/** Sends a page; a logged-in user gets the account menu, with the log-out form and its CSRF token. */
export function pageSender(accounts: AccountService): Send {
  return (ctx, page, status = 200) => {
    const credential = sessionOf(ctx);
    const viewer: Viewer | undefined = credential && { actor: credential.actor, csrf: accounts.csrfToken(credential) };
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPage({ ...page, viewer }).value;
  };
}

/** Failures under /admin are HTML pages in Norwegian, not problem+json; an unexpected one is logged once. */
export function renderErrors(send: Send) {
  return async function adminErrorPage(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const problem = toProblem(err);
      const status = problem?.status ?? 500;
      if (status === 500) ctx.app.emit('error', err, ctx);
      if (isDatabaseUnavailable(err)) ctx.app.emit('unavailable', err);
      const retryAfter = problem?.extra.retryAfter;
      if (retryAfter !== undefined) ctx.set('Retry-After', String(retryAfter));
      const detail = err instanceof PageProblem ? err.detail : undefined;
      const fields = err instanceof Problem ? (err.extra.errors ?? []).map((e) => e.field) : [];
      send(ctx, errorPage(status, { detail, fields }), status);
    }
  };
}

/** A local /admin address to go to after a form, or the fallback: never another site (an open redirect). */
export function adminPath(value: unknown, fallback: string, under = '/admin'): string {
  if (typeof value !== 'string' || /[\\\s\u0000-\u001f]/.test(value)) return fallback;
  return value === under || value.startsWith(`${under}/`) || value.startsWith(`${under}?`) ? value : fallback;
}

export function seeOther(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

export async function requireSession(ctx: Context, next: Next): Promise<void> {
  if (sessionOf(ctx)) return next();
  seeOther(ctx, ctx.method === 'GET' ? href('/admin/login', { next: ctx.originalUrl }) : '/admin/login');
}

export function setSession(ctx: Context, sessionId: string | null, publicUrl: string): void {
  // TLS may end at a proxy: the public address, not this connection, says whether the cookie is secure.
  const secure = publicUrl.startsWith('https:');
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(sessionCookie, sessionId, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: sessionHours * 3_600_000, secure, overwrite: true });
}

/**
 * A form from another origin is refused, login included (it has no CSRF token: there is no session yet). Our own
 * origin is the public address, or the one this request came to (http://localhost:3000 as well as 127.0.0.1).
 */
export function sameOrigin(publicUrl: string) {
  return async function refuseOtherOrigins(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('Origin');
    if (origin && !isOwnOrigin(ctx, publicUrl, origin)) throw new PageProblem(403, 'Skjemaet ble sendt fra en annen nettadresse enn denne tjenesten, og er avvist.');
    await next();
  };
}

export const parseForm = bodyOf('form');

/** A text field of the posted form ('' when absent). */
export function field(ctx: Context, name: string): string {
  const value = (ctx.request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function checkCsrf(accounts: AccountService) {
  return async function csrfToken(ctx: Context, next: Next): Promise<void> {
    const credential = sessionOf(ctx);
    if (!credential || !accounts.checkCsrf(credential, field(ctx, '_csrf'))) {
      throw new PageProblem(403, 'Skjemaet er for gammelt eller kom ikke fra disse sidene. Gå tilbake, last siden på nytt og prøv igjen.');
    }
    await next();
  };
}

/** A GET form sends empty fields as `name=`; they mean "not chosen". */
export function formQuery(ctx: Context): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ctx.query).filter(([, value]) => value !== ''));
}

const css = staticFile(new URL('src/admin/static/admin.css', projectRoot), 'text/css; charset=utf-8');

export function sendCss(ctx: Context): void {
  sendStatic(ctx, css());
}

/** The logged-in user; the routes that call this run behind requireSession. */
export function userOf(ctx: Context): Credential {
  const credential = sessionOf(ctx);
  if (!credential) throw new PageProblem(401, 'Logg inn for å se denne siden.');
  return credential;
}

/** The site of the route, if the user may see it (another site is a 404, whether or not it exists). */
export async function siteOf(ctx: Context, sites: SiteService, needs: Role = 'editor'): Promise<SiteRef> {
  const { siteId } = siteInScope(ctx, needs);
  const site = await sites.get(siteId);
  return { id: siteId, name: site?.name ?? siteId };
}
