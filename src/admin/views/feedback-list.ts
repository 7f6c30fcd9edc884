import { type Html, html } from '../../http/html.ts';
import type { FeedbackItem } from '../../reports/report.ts';
import { type Status, statuses } from '../../values.ts';
import { foundLabel, osloDateTimeText, statusLabels } from '../format.ts';
import { links } from '../links.ts';
import { csrfField } from './layout.ts';

/** The comment as text: the html template escapes it, and CSS keeps its line breaks. */
export function commentBlock(item: FeedbackItem): Html {
  const comment =
    item.comment === null ? html`<p class="muted">Ingen kommentar.</p>` : html`<p class="comment">${item.comment}</p>`;
  return html`${comment}
${item.redactions.length ? html`<p class="redactions">Fjernet: ${[...new Set(item.redactions)].join(', ')}</p>` : ''}`;
}

export function feedbackMeta(item: FeedbackItem): Html {
  const time = html`<time datetime="${item.createdAt}">${osloDateTimeText(item.createdAt)}</time>`;
  const answer = html`<strong>${foundLabel(item.found)}</strong>`;
  return html`<p class="meta">${time} · ${answer} · Status: ${statusLabels[item.status]}</p>`;
}

/** Which answer a button is for, said to screen readers only. */
const forWhich = (item: FeedbackItem, words = ' for svaret fra') =>
  html`<span class="visually-hidden">${words} ${osloDateTimeText(item.createdAt)}</span>`;
const current = (yes: boolean) => (yes ? html` class="current" aria-current="true"` : '');
const statusButton = (status: Status, isCurrent: boolean) =>
  html`<button type="submit" name="status" value="${status}"${current(isCurrent)}>${statusLabels[status]}</button>`;

function statusForm(siteId: string, item: FeedbackItem, csrf: string, back: string): Html {
  return html`<form method="post" action="${links.status(siteId, item.id)}" class="status-form">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<fieldset><legend>Sett status${forWhich(item)}</legend>
${statuses.map((s) => statusButton(s, s === item.status))}
</fieldset>
</form>`;
}

export function feedbackList(siteId: string, items: FeedbackItem[], csrf: string, back: string): Html {
  const entry = (item: FeedbackItem) => html`<li class="feedback" id="fb-${item.id}">
${feedbackMeta(item)}
${commentBlock(item)}
${statusForm(siteId, item, csrf, back)}
<p><a href="${links.delete(siteId, item.id, { back })}">Slett${forWhich(item, ' svaret fra')}</a></p>
</li>`;
  return html`<ol class="feedback-list">
${items.map(entry)}
</ol>`;
}
