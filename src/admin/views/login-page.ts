import { html } from '../../html.ts';
import type { PageContent } from './layout.ts';

export const errorSummary = (id: string, error: string | undefined) =>
  error ? html`<p class="error" id="${id}" role="alert">${error}</p>` : '';
const invalid = (id: string, error: string | undefined) =>
  error ? html` aria-invalid="true" aria-describedby="${id}"` : '';

export function loginPage(form: { email: string; next: string; error?: string | undefined }): PageContent {
  const e = invalid('login-error', form.error);
  return {
    title: form.error ? 'Feil: Logg inn' : 'Logg inn',
    heading: 'Logg inn',
    body: html`<p>Logg inn for å se tilbakemeldingene for nettstedene dine.</p>
${errorSummary('login-error', form.error)}
<form method="post" action="/admin/login" class="stack">
<input type="hidden" name="next" value="${form.next}">
<div class="field"><label for="email">E-post</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${form.email}"${e}></div>
<div class="field"><label for="password">Passord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${e}></div>
<button type="submit">Logg inn</button>
</form>`,
  };
}
