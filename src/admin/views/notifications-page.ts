import { html } from '../../html.ts';
import type { Preferences, Watch } from '../../notifications/notification.ts';
import type { Lang } from '../../values.ts';
import type { SiteRef } from '../links.ts';
import { csrfField, type PageContent } from './layout.ts';
import { watchForm, watchText } from './watch-form.ts';

export interface NotificationsPage {
  preferences: Preferences;
  lang: Lang;
  /** Whether this service has a mail server to send with (FANTDU_SMTP_URL). */
  mail: boolean;
  watches: { site: SiteRef; watch: Watch }[];
  csrf: string;
  notice: string | undefined;
}

const languages = [
  ['nb', 'bokmål'],
  ['nn', 'nynorsk'],
  ['en', 'English'],
] as const;

const digestChoices = [
  ['daily', 'Hver dag', 'en e-post hver morgen om gårsdagen'],
  ['weekly', 'Hver uke', 'en e-post mandag morgen om uken før'],
  ['off', 'Aldri', 'ingen oppsummering på e-post'],
] as const;

const noMail = html`<p class="notice">Denne tjenesten har ingen e-postserver ennå. Valgene gjelder fra driften har
satt den opp.</p>`;

/** What a person watches, and how often and of what they are told by e-mail. */
export function notificationsPage(p: NotificationsPage): PageContent {
  const back = '/admin/notifications';
  return {
    title: 'Varsler og e-post',
    crumbs: [{ href: '/admin', text: 'Nettsteder' }],
    body: html`${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
${p.mail ? '' : noMail}
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
<div><label for="lang">Språk i e-postene</label>
<select id="lang" name="lang">${languages.map(
      ([value, label]) => html`<option value="${value}"${p.lang === value ? html` selected` : ''}>${label}</option>`,
    )}</select></div>
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

const unsubscribed = {
  digest: { what: 'oppsummeringen på e-post', done: 'Du får ikke flere oppsummeringer på e-post.' },
  alerts: { what: 'varsler på e-post', done: 'Du får ikke flere varsler på e-post.' },
} as const;

/** The page an unsubscribe link in a mail opens: it asks first (a link may be opened by a mail scanner), then acts. */
export function unsubscribePage(link: { user: string; what: 'digest' | 'alerts'; sig: string }, done: boolean) {
  const texts = unsubscribed[link.what];
  return {
    title: done ? 'Du er meldt av' : 'Meld av e-post',
    body: done
      ? html`<p class="notice" role="status">${texts.done}</p>
<p>Vil du ha dem igjen, logger du inn og velger det under <a href="/admin/notifications">Varsler og e-post</a>.</p>`
      : html`<p>Vil du slutte å få ${texts.what} fra fantdu?</p>
<form method="post" action="/admin/unsubscribe" class="stack">
<input type="hidden" name="user" value="${link.user}">
<input type="hidden" name="what" value="${link.what}">
<input type="hidden" name="sig" value="${link.sig}">
<button type="submit">Meld meg av</button>
</form>`,
  };
}
