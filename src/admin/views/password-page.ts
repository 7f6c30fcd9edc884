import { minPasswordLength } from '../../accounts/passwords.ts';
import { html } from '../../html.ts';
import type { Words } from '../words.ts';
import { csrfField, type PageContent } from './layout.ts';
import { errorSummary } from './login-page.ts';

export type PasswordField = 'current' | 'password' | 'repeat';

export function passwordPage(
  w: Words,
  form: {
    csrf: string;
    error?: { field: PasswordField; text: string } | undefined;
    changed?: boolean;
  },
): PageContent {
  const t = w.t.password;
  const wrong = (name: PasswordField) => form.error?.field === name;
  const invalid = (name: PasswordField, hint?: string) => {
    const describedBy = [hint, wrong(name) ? 'password-error' : undefined].filter(Boolean).join(' ');
    const described = describedBy ? html` aria-describedby="${describedBy}"` : '';
    return html`${wrong(name) ? html` aria-invalid="true"` : ''}${described}`;
  };
  return {
    title: form.error ? w.t.layout.error(t.title) : t.title,
    heading: t.title,
    crumbs: [{ href: '/admin', text: w.t.layout.sites }],
    body: html`${form.changed ? html`<p class="notice" role="status">${t.changed}</p>` : ''}
${errorSummary('password-error', form.error?.text)}
<form method="post" action="/admin/password" class="stack">
${csrfField(form.csrf)}
<div class="field"><label for="current">${t.current}</label>
<input id="current" name="current" type="password" autocomplete="current-password" required${invalid('current')}></div>
<div class="field"><label for="password">${t.new}</label>
<p class="hint" id="password-hint">${t.atLeast(w.plural(minPasswordLength, w.t.counts.characters))}</p>
<input id="password" name="password" type="password" autocomplete="new-password" required
 minlength="${minPasswordLength}"${invalid('password', 'password-hint')}></div>
<div class="field"><label for="repeat">${t.repeat}</label>
<input id="repeat" name="repeat" type="password" autocomplete="new-password" required${invalid('repeat')}></div>
<button type="submit">${t.submit}</button>
</form>`,
  };
}
