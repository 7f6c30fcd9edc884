import { type Html, html } from '../../html.ts';
import type { FeedbackItem } from '../../reports/report.ts';
import type { Theme, ThemeMembership } from '../../themes/theme.ts';
import { type Status, statuses } from '../../values.ts';
import { links } from '../links.ts';
import { textFor, type Words } from '../words.ts';
import { csrfField } from './layout.ts';

/** The comment as text: the html template escapes it, and CSS keeps its line breaks. */
export function commentBlock(w: Words, item: FeedbackItem): Html {
  const t = w.t.feedback;
  const comment =
    item.comment === null ? html`<p class="muted">${t.noComment}</p>` : html`<p class="comment">${item.comment}</p>`;
  const removed = [...new Set(item.redactions)].map((kind) => textFor(w.t.values.redactions, kind) ?? kind);
  return html`${comment}
${removed.length ? html`<p class="redactions">${t.removed(removed.join(', '))}</p>` : ''}`;
}

export function feedbackMeta(w: Words, item: FeedbackItem): Html {
  const time = html`<time datetime="${item.createdAt}">${w.dateTime(item.createdAt)}</time>`;
  const answer = html`<strong>${item.found ? w.t.values.yes : w.t.values.no}</strong>`;
  return html`<p class="meta">${time} · ${answer} · ${w.t.feedback.status} ${w.t.values.statuses[item.status]}</p>`;
}

/** Which answer a button is for, said to screen readers only. */
const forWhich = (w: Words, item: FeedbackItem, words = w.t.feedback.forAnswerAt) =>
  html`<span class="visually-hidden">${words} ${w.dateTime(item.createdAt)}</span>`;
const current = (yes: boolean) => (yes ? html` class="current" aria-current="true"` : '');

function statusForm(w: Words, siteId: string, item: FeedbackItem, csrf: string, back: string): Html {
  const statusButton = (status: Status) =>
    html`<button type="submit" name="status" value="${status}"${current(status === item.status)}>${
      w.t.values.statuses[status]
    }</button>`;
  return html`<form method="post" action="${links.status(siteId, item.id)}" class="status-form">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<fieldset><legend>${w.t.feedback.setStatus}${forWhich(w, item)}</legend>
${statuses.map(statusButton)}
</fieldset>
</form>`;
}

/**
 * The comment's themes as chips, each saying what put the comment there; a suggestion with buttons to accept or
 * reject it, an editor's choice with one to take it out; and a way to put the comment in another theme.
 */
function themeForms(
  w: Words,
  siteId: string,
  item: FeedbackItem,
  themes: Theme[],
  csrf: string,
  back: string,
): Html | '' {
  if (item.comment === null || themes.length === 0) return '';
  const t = w.t.feedback;
  const names = new Map(themes.map((theme) => [theme.id, theme.name]));
  const action = links.feedbackTheme(siteId, item.id);
  const hidden = (theme: string) =>
    html`${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<input type="hidden" name="theme" value="${theme}">`;
  const button = (value: 'add' | 'remove', text: string, theme: string) =>
    html`<button type="submit" name="action" value="${value}">${text}<span class="visually-hidden"> ${
      names.get(theme) ?? theme
    }</span></button>`;
  const chip = (m: ThemeMembership) => html`<li class="chip chip-${m.by}">
<span>${names.get(m.id) ?? m.id}</span> <span class="muted">(${t.by[m.by]})</span>
${
  m.by === 'words'
    ? ''
    : html`<form method="post" action="${action}">${hidden(m.id)}${
        m.by === 'suggestion' ? html`${button('add', t.accept, m.id)} ` : ''
      }${button('remove', m.by === 'suggestion' ? t.reject : t.takeOut, m.id)}</form>`
}
</li>`;
  const others = themes.filter((theme) => !item.themes.some((m) => m.id === theme.id));
  const addForm = others.length
    ? html`<form method="post" action="${action}" class="add-theme">${csrfField(csrf)}
<input type="hidden" name="back" value="${back}">
<label for="theme-${item.id}">${t.putInTheme}</label>
<select id="theme-${item.id}" name="theme">
${others.map((theme) => html`<option value="${theme.id}">${theme.name}</option>`)}
</select>
<button type="submit" name="action" value="add">${t.add}${forWhich(w, item)}</button>
</form>`
    : '';
  return html`<div class="themes">
${item.themes.length ? html`<ul class="chips" aria-label="${t.themes}">${item.themes.map(chip)}</ul>` : ''}
${addForm}
</div>`;
}

export function feedbackList(
  w: Words,
  siteId: string,
  items: FeedbackItem[],
  csrf: string,
  back: string,
  themes: Theme[] = [],
): Html {
  const entry = (item: FeedbackItem) => html`<li class="feedback" id="fb-${item.id}">
${feedbackMeta(w, item)}
${commentBlock(w, item)}
${themeForms(w, siteId, item, themes, csrf, back)}
${statusForm(w, siteId, item, csrf, back)}
<p><a href="${links.delete(siteId, item.id, { back })}">${w.t.feedback.delete}${forWhich(
    w,
    item,
    w.t.feedback.answerAt,
  )}</a></p>
</li>`;
  return html`<ol class="feedback-list">
${items.map(entry)}
</ol>`;
}
