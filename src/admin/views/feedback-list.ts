import { type Html, html } from '../../html.ts';
import type { FeedbackItem } from '../../reports/report.ts';
import type { Theme, ThemeBy, ThemeMembership } from '../../themes/theme.ts';
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

const byLabels: Record<ThemeBy, string> = { words: 'etter ord', editor: 'valgt av redaktør', suggestion: 'forslag' };

/**
 * The comment's themes as chips, each saying what put the comment there; a suggestion with buttons to accept or
 * reject it, an editor's choice with one to take it out; and a way to put the comment in another theme.
 */
function themeForms(siteId: string, item: FeedbackItem, themes: Theme[], csrf: string, back: string): Html | '' {
  if (item.comment === null || themes.length === 0) return '';
  const names = new Map(themes.map((t) => [t.id, t.name]));
  const action = links.feedbackTheme(siteId, item.id);
  const hidden = (theme: string) =>
    html`${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<input type="hidden" name="theme" value="${theme}">`;
  const button = (value: 'add' | 'remove', text: string, theme: string) =>
    html`<button type="submit" name="action" value="${value}">${text}<span class="visually-hidden"> ${
      names.get(theme) ?? theme
    }</span></button>`;
  const chip = (m: ThemeMembership) => html`<li class="chip chip-${m.by}">
<span>${names.get(m.id) ?? m.id}</span> <span class="muted">(${byLabels[m.by]})</span>
${
  m.by === 'words'
    ? ''
    : html`<form method="post" action="${action}">${hidden(m.id)}${
        m.by === 'suggestion' ? html`${button('add', 'Godta', m.id)} ` : ''
      }${button('remove', m.by === 'suggestion' ? 'Avvis' : 'Ta ut', m.id)}</form>`
}
</li>`;
  const others = themes.filter((t) => !item.themes.some((m) => m.id === t.id));
  const addForm = others.length
    ? html`<form method="post" action="${action}" class="add-theme">${csrfField(csrf)}
<input type="hidden" name="back" value="${back}">
<label for="theme-${item.id}">Legg i tema</label>
<select id="theme-${item.id}" name="theme">
${others.map((t) => html`<option value="${t.id}">${t.name}</option>`)}
</select>
<button type="submit" name="action" value="add">Legg til${forWhich(item)}</button>
</form>`
    : '';
  return html`<div class="themes">
${item.themes.length ? html`<ul class="chips" aria-label="Temaer">${item.themes.map(chip)}</ul>` : ''}
${addForm}
</div>`;
}

export function feedbackList(
  siteId: string,
  items: FeedbackItem[],
  csrf: string,
  back: string,
  themes: Theme[] = [],
): Html {
  const entry = (item: FeedbackItem) => html`<li class="feedback" id="fb-${item.id}">
${feedbackMeta(item)}
${commentBlock(item)}
${themeForms(siteId, item, themes, csrf, back)}
${statusForm(siteId, item, csrf, back)}
<p><a href="${links.delete(siteId, item.id, { back })}">Slett${forWhich(item, ' svaret fra')}</a></p>
</li>`;
  return html`<ol class="feedback-list">
${items.map(entry)}
</ol>`;
}
