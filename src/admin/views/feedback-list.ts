import { html, type Html } from '../../http/html.ts';
import type { FeedbackItem } from '../../reports/report-read-model.ts';
import { statuses } from '../../values.ts';
import { foundLabel, osloDateTimeText, statusLabels } from '../format.ts';
import { links } from '../links.ts';
import { csrfField } from './layout.ts';

/** The comment as text: the html template escapes it, and CSS keeps its line breaks. */
export function commentBlock(item: FeedbackItem): Html {
  return html`${item.comment === null ? html`<p class="muted">Ingen kommentar.</p>` : html`<p class="comment">${item.comment}</p>`}
${item.redactions.length ? html`<p class="redactions">Fjernet: ${[...new Set(item.redactions)].join(', ')}</p>` : ''}`;
}

export const feedbackMeta = (item: FeedbackItem) =>
  html`<p class="meta"><time datetime="${item.createdAt}">${osloDateTimeText(item.createdAt)}</time> · <strong>${foundLabel(item.found)}</strong> · Status: ${statusLabels[item.status]}</p>`;

function statusForm(siteId: string, item: FeedbackItem, csrf: string, back: string): Html {
  return html`<form method="post" action="${links.status(siteId, item.id)}" class="status-form">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<fieldset><legend>Sett status<span class="visually-hidden"> for svaret fra ${osloDateTimeText(item.createdAt)}</span></legend>
${statuses.map((s) => html`<button type="submit" name="status" value="${s}"${s === item.status ? html` class="current" aria-current="true"` : ''}>${statusLabels[s]}</button>`)}
</fieldset>
</form>`;
}

export function feedbackList(siteId: string, items: FeedbackItem[], csrf: string, back: string): Html {
  const entry = (item: FeedbackItem) => html`<li class="feedback" id="fb-${item.id}">
${feedbackMeta(item)}
${commentBlock(item)}
${statusForm(siteId, item, csrf, back)}
<p><a href="${links.delete(siteId, item.id, { back })}">Slett<span class="visually-hidden"> svaret fra ${osloDateTimeText(item.createdAt)}</span></a></p>
</li>`;
  return html`<ol class="feedback-list">
${items.map(entry)}
</ol>`;
}
