import { html } from '../../html.ts';
import type { PageContent } from './layout.ts';

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

const signedOutNotice = ({ name, endSession }: NonNullable<LoginForm['signedOut']>) =>
  html`<p class="notice" role="status">Du er logget ut av fantdu.${
    endSession ? html` Hos ${name} er du fortsatt logget inn: <a href="${endSession}">Logg ut hos ${name}</a>.` : ''
  }</p>`;

export function loginPage(form: LoginForm): PageContent {
  const e = invalid('login-error', form.error);
  const passwordForm = html`${form.sso ? html`<h2>Eller med e-post og passord</h2>` : ''}
<form method="post" action="/admin/login" class="stack">
<input type="hidden" name="next" value="${form.next}">
<div class="field"><label for="email">E-post</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${form.email}"${e}></div>
<div class="field"><label for="password">Passord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${e}></div>
<button type="submit">Logg inn</button>
</form>`;
  return {
    title: form.error ? 'Feil: Logg inn' : 'Logg inn',
    heading: 'Logg inn',
    body: html`${form.signedOut ? signedOutNotice(form.signedOut) : ''}
<p>Logg inn for å se tilbakemeldingene for nettstedene dine.</p>
${errorSummary('login-error', form.error)}
${form.sso ? html`<p><a class="button" href="${form.sso.href}">Logg inn med ${form.sso.name}</a></p>` : ''}
${form.passwords ? passwordForm : ''}
${
  form.passwords || form.sso
    ? ''
    : html`<p>Innlogging med passord er slått av, og ingen annen innlogging er satt opp. Si fra til den som drifter
fantdu.</p>`
}`,
  };
}
