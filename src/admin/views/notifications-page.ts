import { html } from '../../html.ts';
import type { Preferences, Watch } from '../../notifications/notification.ts';
import type { SiteRef } from '../links.ts';
import type { Words } from '../words.ts';
import { csrfField, type PageContent } from './layout.ts';
import { watchForm, watchText } from './watch-form.ts';

export interface NotificationsPage {
  preferences: Preferences;
  /** Whether this service has a mail server to send with (FANTDU_SMTP_URL). */
  mail: boolean;
  watches: { site: SiteRef; watch: Watch }[];
  csrf: string;
  notice: string | undefined;
}

const digests = ['daily', 'weekly', 'off'] as const;

/**
 * What a person watches, and how often and of what they are told by e-mail. The mails come in the language the
 * person reads fantdu in: the page says so, and the switch at its top changes both.
 */
export function notificationsPage(w: Words, p: NotificationsPage): PageContent {
  const t = w.t.notifications;
  const back = '/admin/notifications';
  return {
    title: t.title,
    crumbs: [{ href: '/admin', text: w.t.layout.sites }],
    body: html`${p.notice ? html`<p class="notice" role="status">${p.notice}</p>` : ''}
${p.mail ? '' : html`<p class="notice">${t.noMail}</p>`}
<form method="post" action="/admin/notifications" class="stack">
${csrfField(p.csrf)}
<fieldset><legend>${t.digest}</legend>
${digests.map((value) => {
  const [label, hint] = t.digests[value];
  return html`<div><label class="choice"><input type="radio" name="digest" value="${value}"${
    p.preferences.digest === value ? html` checked` : ''
  }> ${label} <span class="muted">(${hint})</span></label></div>`;
})}
</fieldset>
<div><label class="choice"><input type="checkbox" name="alerts" value="ja"${p.preferences.alerts ? html` checked` : ''}>
${t.alerts}</label></div>
<p class="hint">${t.language}</p>
<button type="submit">${t.save}</button>
</form>
<h2>${t.watched}</h2>
${
  p.watches.length
    ? html`<ul class="watches">${p.watches.map(
        ({ site, watch }) => html`<li>${site.name}: ${watchText(w, watch)}
${watchForm(w, site.id, watch, true, p.csrf, back)}</li>`,
      )}</ul>`
    : html`<p>${t.noneWatched}</p>`
}`,
  };
}

/** The page an unsubscribe link in a mail opens: it asks first (a link may be opened by a mail scanner), then acts. */
export function unsubscribePage(
  w: Words,
  link: { user: string; what: 'digest' | 'alerts'; sig: string },
  done: boolean,
): PageContent {
  const t = w.t.notifications;
  const kind = t.kinds[link.what];
  return {
    title: done ? t.unsubscribedTitle : t.unsubscribeTitle,
    body: done
      ? html`<p class="notice" role="status">${kind.done}</p>
<p>${t.again} <a href="/admin/notifications">${w.t.layout.notifications}</a>.</p>`
      : html`<p>${t.unsubscribeAsk(kind.what)}</p>
<form method="post" action="/admin/unsubscribe" class="stack">
<input type="hidden" name="user" value="${link.user}">
<input type="hidden" name="what" value="${link.what}">
<input type="hidden" name="sig" value="${link.sig}">
<input type="hidden" name="lang" value="${w.lang}">
<button type="submit">${t.unsubscribe}</button>
</form>`,
  };
}
