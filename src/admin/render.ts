import type { Context } from 'koa';
import type { Credential } from '../accounts/credential.ts';
import { langOfAcceptLanguage } from '../http/accept-language.ts';
import type { AuthState } from '../http/auth.ts';
import { type ErrorPages, Problem } from '../http/problem.ts';
import { sendStatic, staticFile } from '../http/static-file.ts';
import { projectRoot } from '../paths.ts';
import { type Lang, langOr } from '../values.ts';
import { csrfToken } from './forms.ts';
import { errorPage } from './views/error-page.ts';
import { type PageContent, renderPage, type Viewer } from './views/layout.ts';
import { type AdminTexts, adminTexts, type Words, words } from './words.ts';

/** What a page says of a refusal, in the page's language. */
export type Say = (t: AdminTexts) => string;

/**
 * A refusal written for people: the page says it in its own language (`say`); its English wording is the detail a
 * Problem carries everywhere else (logs, problem+json).
 */
export class PageProblem extends Problem {
  constructor(
    status: number,
    readonly say: Say,
    extra: ConstructorParameters<typeof Problem>[2] = {},
  ) {
    super(status, say(adminTexts.en), extra);
  }
}

export const adminCsp =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The logged-in user behind this request, if it came with a session (API tokens are for the API, not these pages). */
export function sessionOf(ctx: Context): Credential | undefined {
  const credential = (ctx.state as AuthState).credential;
  return credential?.sessionIdHash ? credential : undefined;
}

/**
 * The language of this request's pages: a logged-in person's own choice; else one the request names (`?lang=` on the
 * login page's links, or the login form's `lang`), else what the browser asks for (Accept-Language), else bokmål.
 */
export function langOf(ctx: Context): Lang {
  const chosen = sessionOf(ctx)?.lang;
  if (chosen) return chosen;
  const named = ctx.query.lang ?? (ctx.request.body as Record<string, unknown> | undefined)?.lang;
  return langOr(named, langOfAcceptLanguage(ctx.get('Accept-Language')));
}

export const wordsOf = (ctx: Context): Words => words[langOf(ctx)];

export type Send = (ctx: Context, page: PageContent, status?: number) => void;

/**
 * Sends a page in the request's language under a strict CSP, never cached; a logged-in user gets the account menu,
 * with the log-out and language forms and their CSRF token, and the address to come back to after a switch.
 */
export function pageSender(secret: string, passwords = true): Send {
  return (ctx, page, status = 200) => {
    const credential = sessionOf(ctx);
    const viewer: Viewer | undefined = credential && {
      actor: credential.actor,
      csrf: csrfToken(secret, credential),
      passwords,
      // A form's answer (a POST) cannot be asked for again, and an error page is better left: a switch from either
      // goes to the start (so an error page says nothing of the address it answers, either).
      here: ctx.method === 'GET' && status < 400 ? ctx.originalUrl : '/admin',
    };
    ctx.set('Content-Security-Policy', adminCsp);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderPage(wordsOf(ctx), { ...page, viewer }).value;
  };
}

/**
 * An export that /admin links to (CSV, Excel), asked for by a browser following the link: a failure there (busy,
 * signed out, a bad filter) is a page for the editor, not problem+json. API clients send no Sec-Fetch-Mode.
 */
const isDownloadFollowed = (ctx: Context) =>
  ctx.get('Sec-Fetch-Mode') === 'navigate' && /^\/api\/v1\/sites\/[^/]+\/feedback\.(csv|xlsx)$/.test(ctx.path);

/** Failures under /admin are pages for people, in their language, not problem+json: what went wrong and a way on. */
export function adminErrorPages(secret: string, passwords = true): ErrorPages {
  const send = pageSender(secret, passwords);
  return {
    covers: (ctx) => ctx.path === '/admin' || ctx.path.startsWith('/admin/') || isDownloadFollowed(ctx),
    render(ctx, problem) {
      const w = wordsOf(ctx);
      const detail = problem instanceof PageProblem ? problem.say(w.t) : undefined;
      const fields = (problem.extra.errors ?? []).map((e) => e.field);
      send(ctx, errorPage(w, problem.status, { detail, fields }), problem.status);
    },
  };
}

const css = staticFile(new URL('src/admin/static/admin.css', projectRoot), 'text/css; charset=utf-8');

export function sendCss(ctx: Context): void {
  sendStatic(ctx, css());
}
