import type { Context } from 'koa';
import type { Credential } from '../accounts/credential.ts';
import type { AuthState } from '../http/auth.ts';
import { type ErrorPages, Problem } from '../http/problem.ts';
import { sendStatic, staticFile } from '../http/static-file.ts';
import { projectRoot } from '../paths.ts';
import { csrfToken } from './forms.ts';
import { errorPage } from './views/error-page.ts';
import { type PageContent, renderPage, type Viewer } from './views/layout.ts';

/** A refusal whose detail is written for the page, in Norwegian (a Problem's detail is English, for the API). */
export class PageProblem extends Problem {}

export const adminCsp =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The logged-in user behind this request, if it came with a session (API tokens are for the API, not these pages). */
export function sessionOf(ctx: Context): Credential | undefined {
  const credential = (ctx.state as AuthState).credential;
  return credential?.sessionIdHash ? credential : undefined;
}

export type Send = (ctx: Context, page: PageContent, status?: number) => void;

/**
 * Sends a page under a strict CSP, never cached; a logged-in user gets the account menu, with the log-out form and
 * its CSRF token.
 */
export function pageSender(secret: string, passwords = true): Send {
  return (ctx, page, status = 200) => {
    const credential = sessionOf(ctx);
    const viewer: Viewer | undefined = credential && {
      actor: credential.actor,
      csrf: csrfToken(secret, credential),
      passwords,
    };
    ctx.set('Content-Security-Policy', adminCsp);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPage({ ...page, viewer }).value;
  };
}

/** Failures under /admin are pages in Norwegian for people, not problem+json: what went wrong and a way on. */
export function adminErrorPages(secret: string, passwords = true): ErrorPages {
  const send = pageSender(secret, passwords);
  return {
    covers: (ctx) => ctx.path === '/admin' || ctx.path.startsWith('/admin/'),
    render(ctx, problem) {
      const detail = problem instanceof PageProblem ? problem.detail : undefined;
      send(
        ctx,
        errorPage(problem.status, { detail, fields: (problem.extra.errors ?? []).map((e) => e.field) }),
        problem.status,
      );
    },
  };
}

const css = staticFile(new URL('src/admin/static/admin.css', projectRoot), 'text/css; charset=utf-8');

export function sendCss(ctx: Context): void {
  sendStatic(ctx, css());
}
