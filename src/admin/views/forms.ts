import { type Html, html } from '../../html.ts';
import { type Status, statuses } from '../../values.ts';
import { type Period, presets } from '../period.ts';
import type { Words } from '../words.ts';

export const selected = (on: boolean) => (on ? html` selected` : '');
const checked = (on: boolean) => (on ? html` checked` : '');
const radio = (value: string, on: boolean) => html`<input type="radio" name="period" value="${value}"${checked(on)}>`;

export function options(
  values: readonly (readonly [value: string, label: string])[],
  current: string | undefined,
): Html[] {
  return values.map(
    ([value, label]) => html`<option value="${value}"${selected(value === (current ?? ''))}>${label}</option>`,
  );
}

/** The period: the last 7, 30 or 90 days, or dates of one's own (typing a date chooses them). */
export function periodFields(w: Words, period: Period): Html {
  const t = w.t.period;
  const choices = [
    ...presets.map((days) => [days, t.lastDays(w.plural(Number(days), w.t.counts.days))] as const),
    ['own', t.own] as const,
  ];
  return html`<fieldset class="period"><legend>${t.legend}</legend>
<div class="row">${choices.map(
    ([value, label]) => html`<label class="choice">${radio(value, period.choice === value)} ${label}</label>`,
  )}</div>
<div class="row">
<div class="field"><label for="from">${t.from}</label>
<input id="from" name="from" type="date" value="${period.from}"></div>
<div class="field"><label for="to">${t.to}</label>
<input id="to" name="to" type="date" value="${period.to}"></div>
</div>
<input type="hidden" name="shown" value="${period.from}/${period.to}">
</fieldset>`;
}

/** Yes or no as the forms write it (ja/nei), or undefined for both. */
export const yesNoParam = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'ja' : 'nei');

/** The answer (ja, nei or both) and the triage status a list shows. */
export function answerAndStatusFields(w: Words, found: boolean | undefined, status: Status | undefined): Html {
  const { values, filters } = w.t;
  const answers = [
    ['', values.all],
    ['ja', values.yes],
    ['nei', values.no],
  ] as const;
  const statusChoices = [['', values.all], ...statuses.map((s) => [s, values.statuses[s]] as const)] as const;
  return html`<div class="field"><label for="found">${filters.answer}</label><select id="found" name="found">
${options(answers, yesNoParam(found))}</select></div>
<div class="field"><label for="status">${filters.status}</label><select id="status" name="status">
${options(statusChoices, status)}</select></div>`;
}
