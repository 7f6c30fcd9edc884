import type { JudgedChange } from '../../changes/change.ts';
import { minAnswersAfter } from '../../changes/verdict.ts';
import { type Html, html } from '../../html.ts';
import { osloDay } from '../../reports/oslo-dates.ts';
import { dayText, percentOf, percentText } from '../format.ts';

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

const share = (w: { yes: number; no: number }) => percentText(percentOf(w.no, w.yes + w.no));

/** What the answers say of a change: "Andelen nei falt fra 60 % til 15 % etter endringen 13.11.: bedre." */
export function verdictText(c: JudgedChange): string {
  const on = `endringen ${dayText(osloDay(new Date(c.at))).slice(0, 6)}`;
  const after = c.after.yes + c.after.no;
  if (c.verdict === 'too-early')
    return `For tidlig å si: ${after} svar etter ${on}; det trengs minst ${minAnswersAfter}.`;
  if (c.before.yes + c.before.no === 0) return `Ingen svar før ${on} å sammenligne med.`;
  const [from, to] = [share(c.before), share(c.after)];
  if (c.verdict === 'better') return `Andelen nei falt fra ${from} til ${to} etter ${on}: bedre.`;
  if (c.verdict === 'worse') return `Andelen nei steg fra ${from} til ${to} etter ${on}: verre.`;
  return `Andelen nei gikk fra ${from} til ${to} etter ${on}: ingen sikker forskjell.`;
}

function changeItem(c: JudgedChange, p: PageChanges): Html {
  const when = dayText(osloDay(new Date(c.at)));
  return html`<li class="change verdict-${c.verdict}">
<p><strong>${verdictText(c)}</strong></p>
<p class="meta">${when}${c.note ? html`: ${c.note}` : ''}. Før: ${c.before.no} nei av ${c.before.yes + c.before.no};
etter: ${c.after.no} nei av ${c.after.yes + c.after.no}.</p>
<form method="post" action="${p.remove(c.id)}" class="inline">
<input type="hidden" name="_csrf" value="${p.csrf}"><input type="hidden" name="back" value="${p.back}">
<button type="submit" class="small">Fjern endringen ${when}</button>
</form>
</li>`;
}

/** The page report's changes, each judged by the answers before and after, and a form to note one. */
export function pageChanges(p: PageChanges): Html {
  return html`<h2 id="changes">Endringer på siden</h2>
${
  p.items.length
    ? html`<ul class="changes">${p.items.map((c) => changeItem(c, p))}</ul>`
    : html`<p>Ingen endringer er notert. Noter en når du har endret siden, så ser du om den ble bedre.</p>`
}
<form method="post" action="${p.add}" class="stack add-change">
<input type="hidden" name="_csrf" value="${p.csrf}"><input type="hidden" name="back" value="${p.back}">
<input type="hidden" name="path" value="${p.path}">
<div class="row">
<div class="field"><label for="change-day">Dato for endringen</label>
<input id="change-day" name="day" type="date" value="${p.today}" max="${p.today}" required></div>
<div class="field"><label for="change-note">Hva ble endret</label>
<input id="change-note" name="note" type="text" maxlength="500"></div>
</div>
<button type="submit">Noter endring</button>
</form>`;
}
