import type { JudgedChange } from '../../changes/change.ts';
import { minAnswersAfter } from '../../changes/verdict.ts';
import { type Html, html } from '../../html.ts';
import { osloDay } from '../../reports/oslo-dates.ts';
import { percentOf } from '../format.ts';
import type { Words } from '../words.ts';

export interface PageChanges {
  items: JudgedChange[];
  /** Where a change is noted and removed. */
  add: string;
  remove: (id: string) => string;
  csrf: string;
  /** The page report's address, to come back to. */
  back: string;
  path: string;
  today: string;
}

/** What the answers say of a change: "Andelen nei falt fra 60 % til 15 % etter endringen 13.11.: bedre." */
export function verdictText(w: Words, c: JudgedChange): string {
  const t = w.t.changes;
  const share = (s: { yes: number; no: number }) => w.percent(percentOf(s.no, s.yes + s.no));
  const on = t.on(w.dayMonth(osloDay(new Date(c.at))));
  const after = c.after.yes + c.after.no;
  if (c.verdict === 'too-early') return t.tooEarly(w.plural(after, w.t.counts.answers), on, minAnswersAfter);
  if (c.before.yes + c.before.no === 0) return t.nothingBefore(on);
  const [from, to] = [share(c.before), share(c.after)];
  if (c.verdict === 'better') return t.better(from, to, on);
  if (c.verdict === 'worse') return t.worse(from, to, on);
  return t.unclear(from, to, on);
}

function changeItem(w: Words, c: JudgedChange, p: PageChanges): Html {
  const t = w.t.changes;
  const when = w.day(osloDay(new Date(c.at)));
  const counts = t.beforeAfter(c.before.no, c.before.yes + c.before.no, c.after.no, c.after.yes + c.after.no);
  return html`<li class="change verdict-${c.verdict}">
<p><strong>${verdictText(w, c)}</strong></p>
<p class="meta">${when}${c.note ? html`: ${c.note}` : ''}. ${counts}</p>
<form method="post" action="${p.remove(c.id)}" class="inline">
<input type="hidden" name="_csrf" value="${p.csrf}"><input type="hidden" name="back" value="${p.back}">
<button type="submit" class="small">${t.remove(when)}</button>
</form>
</li>`;
}

/** The page report's changes, each judged by the answers before and after, and a form to note one. */
export function pageChanges(w: Words, p: PageChanges): Html {
  const t = w.t.changes;
  return html`<h2 id="changes">${t.heading}</h2>
${p.items.length ? html`<ul class="changes">${p.items.map((c) => changeItem(w, c, p))}</ul>` : html`<p>${t.none}</p>`}
<form method="post" action="${p.add}" class="stack add-change">
<input type="hidden" name="_csrf" value="${p.csrf}"><input type="hidden" name="back" value="${p.back}">
<input type="hidden" name="path" value="${p.path}">
<div class="row">
<div class="field"><label for="change-day">${t.day}</label>
<input id="change-day" name="day" type="date" value="${p.today}" max="${p.today}" required></div>
<div class="field"><label for="change-note">${t.note}</label>
<input id="change-note" name="note" type="text" maxlength="500"></div>
</div>
<button type="submit">${t.add}</button>
</form>`;
}
