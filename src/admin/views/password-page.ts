import { minPasswordLength } from '../../accounts/passwords.ts';
import { html } from '../../html.ts';
import { csrfField, type PageContent } from './layout.ts';
import { errorSummary } from './login-page.ts';

export type PasswordField = 'current' | 'password' | 'repeat';

const changedNotice = html`<p class="notice" role="status">Passordet er byttet. Andre steder du var logget inn, er du
nå logget ut.</p>`;

export function passwordPage(form: {
  csrf: string;
  error?: { field: PasswordField; text: string } | undefined;
  changed?: boolean;
}): PageContent {
  const wrong = (name: PasswordField) => form.error?.field === name;
  const invalid = (name: PasswordField, hint?: string) => {
    const describedBy = [hint, wrong(name) ? 'password-error' : undefined].filter(Boolean).join(' ');
    const described = describedBy ? html` aria-describedby="${describedBy}"` : '';
    return html`${wrong(name) ? html` aria-invalid="true"` : ''}${described}`;
  };
  return {
    title: form.error ? 'Feil: Bytt passord' : 'Bytt passord',
    heading: 'Bytt passord',
    crumbs: [{ href: '/admin', text: 'Nettsteder' }],
    body: html`${form.changed ? changedNotice : ''}
${errorSummary('password-error', form.error?.text)}
<form method="post" action="/admin/password" class="stack">
${csrfField(form.csrf)}
<div class="field"><label for="current">Nåværende passord</label>
<input id="current" name="current" type="password" autocomplete="current-password" required${invalid('current')}></div>
<div class="field"><label for="password">Nytt passord</label>
<p class="hint" id="password-hint">Minst ${minPasswordLength} tegn.</p>
<input id="password" name="password" type="password" autocomplete="new-password" required
 minlength="${minPasswordLength}"${invalid('password', 'password-hint')}></div>
<div class="field"><label for="repeat">Gjenta nytt passord</label>
<input id="repeat" name="repeat" type="password" autocomplete="new-password" required${invalid('repeat')}></div>
<button type="submit">Bytt passord</button>
</form>`,
  };
}
