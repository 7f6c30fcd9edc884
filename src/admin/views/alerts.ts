import type { Alert } from '../../alerts/alert.ts';
import { type Html, html } from '../../html.ts';
import { percentOf } from '../format.ts';
import { links } from '../links.ts';
import type { Words } from '../words.ts';

/** The site report's current alerts: pages where "no" rose beyond chance this week. */
export function alertsSection(w: Words, siteId: string, alerts: Alert[]): Html {
  const t = w.t.alerts;
  const share = (s: { yes: number; no: number }) => w.percent(percentOf(s.no, s.yes + s.no));
  const item = (a: Alert) => html`<li><a href="${links.pageReport(siteId, { path: a.path })}">${a.path}</a>:
${t.line(share(a.recent), a.recent.no, a.recent.yes + a.recent.no, share(a.baseline))}</li>`;
  return html`<h2 id="alerts">${t.heading}</h2>
${
  alerts.length
    ? html`<p>${t.intro}</p>
<ul class="alerts">${alerts.map(item)}</ul>`
    : html`<p>${t.none}</p>`
}`;
}
