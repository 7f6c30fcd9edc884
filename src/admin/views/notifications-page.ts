import { html } from '../../http/html.ts';
import type { Preferences, Watch } from '../../notifications/notification.ts';
import type { SiteRef } from '../links.ts';
import { csrfField, type PageContent } from './layout.ts';
import { watchForm, watchText } from './watch-form.ts';

export interface NotificationsPage {
  preferences: Preferences;
  watches: { site: SiteRef; watch: Watch }[];
  csrf: string;
  notice: string | undefined;
}

const digestChoices = [
  ['daily', 'Hver dag', 'en e-post hver morgen om gårsdagen'],
  ['weekly', 'Hver uke', 'en e-post mandag morgen om uken før'],
  ['off', 'Aldri', 'ingen oppsummering på e-post'],
] as const;

/** What a person watches, and how often and of what they are told by e-mail. */
export function notificationsPage(p: NotificationsPage): PageContent {
  const back = '/admin/notifications';
  return {
    title: 'Varsler og e-post',
    crumbs: [{ href: '/admin', text: 'Nettsteder' }],
    body: html`${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
<form method="post" action="/admin/notifications" class="stack">
${csrfField(p.csrf)}
<fieldset><legend>Oppsummering på e-post</legend>
${digestChoices.map(
  ([value, label, hint]) =>
    html`<div><label class="choice"><input type="radio" name="digest" value="${value}"${
      p.preferences.digest === value ? html` checked` : ''
    }> ${label} <span class="muted">(${hint})</span></label></div>`,
)}
</fieldset>
<div><label class="choice"><input type="checkbox" name="alerts" value="ja"${p.preferences.alerts ? html` checked` : ''}>
E-post med en gang når en side jeg følger får tydelig flere nei</label></div>
<button type="submit">Lagre</button>
</form>
<h2>Sider jeg følger</h2>
${
  p.watches.length
    ? html`<ul class="watches">${p.watches.map(
        ({ site, watch }) => html`<li>${site.name}: ${watchText(watch)}
${watchForm(site.id, watch, true, p.csrf, back)}</li>`,
      )}</ul>`
    : html`<p>Du følger ingen sider ennå. Åpne en side i rapporten og velg «Følg siden».</p>`
}`,
  };
}
