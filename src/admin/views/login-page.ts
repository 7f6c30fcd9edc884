import { html } from '../../html.ts';
import { langs } from '../../values.ts';
import { href } from '../format.ts';
import type { Words } from '../words.ts';
import { languageNames, type PageContent } from './layout.ts';

export const errorSummary = (id: string, error: string | undefined) =>
  error ? html`<p class="error" id="${id}" role="alert">${error}</p>` : '';
const invalid = (id: string, error: string | undefined) =>
  error ? html` aria-invalid="true" aria-describedby="${id}"` : '';

export interface LoginForm {
  email: string;
  next: string;
  error?: string | undefined;
  /** Whether password sign-in is on (FANTDU_PASSWORD_LOGIN). */
  passwords: boolean;
  /** Single sign-on: what the button calls the provider, and where it begins. */
  sso?: { name: string; href: string } | undefined;
  /** Just signed out of a single sign-on session: the provider's end-session address, where it has one. */
  signedOut?: { name: string; endSession: string | undefined } | undefined;
}

const signedOutNotice = (w: Words, { name, endSession }: NonNullable<LoginForm['signedOut']>) =>
  html`<p class="notice" role="status">${w.t.login.signedOut}${
    endSession ? html` ${w.t.login.stillSignedIn(name)} <a href="${endSession}">${w.t.login.signOutAt(name)}</a>.` : ''
  }</p>`;

/** The login page in the other two languages, each link named in its own language. */
function otherLanguages(w: Words, next: string) {
  const link = (lang: (typeof langs)[number]) =>
    html`<li><a href="${href('/admin/login', { lang, next: next === '/admin' ? undefined : next })}" lang="${lang}"
 hreflang="${lang}">${languageNames[lang]}</a></li>`;
  return html`<nav class="languages" aria-label="${w.t.layout.language}"><ul>
${langs.filter((lang) => lang !== w.lang).map(link)}
</ul></nav>`;
}

export function loginPage(w: Words, form: LoginForm): PageContent {
  const t = w.t.login;
  const e = invalid('login-error', form.error);
  const passwordForm = html`${form.sso ? html`<h2>${t.orWithPassword}</h2>` : ''}
<form method="post" action="/admin/login" class="stack">
<input type="hidden" name="next" value="${form.next}">
<input type="hidden" name="lang" value="${w.lang}">
<div class="field"><label for="email">${t.email}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${form.email}"${e}></div>
<div class="field"><label for="password">${t.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${e}></div>
<button type="submit">${t.submit}</button>
</form>`;
  return {
    title: form.error ? w.t.layout.error(t.title) : t.title,
    heading: t.title,
    body: html`${form.signedOut ? signedOutNotice(w, form.signedOut) : ''}
<p>${t.intro}</p>
${errorSummary('login-error', form.error)}
${form.sso ? html`<p><a class="button" href="${form.sso.href}">${t.signInWith(form.sso.name)}</a></p>` : ''}
${form.passwords ? passwordForm : ''}
${form.passwords || form.sso ? '' : html`<p>${t.nothingOn}</p>`}
${otherLanguages(w, form.next)}`,
  };
}
