import type { Alert } from '../../alerts/alert.ts';
import { type Html, html } from '../../html.ts';
import { percentOf, percentText } from '../format.ts';
import { links } from '../links.ts';

const share = (w: { yes: number; no: number }) => percentText(percentOf(w.no, w.yes + w.no));

/** The site report's current alerts: pages where "no" rose beyond chance this week. */
export function alertsSection(siteId: string, alerts: Alert[]): Html {
  const item = (a: Alert) => html`<li><a href="${links.pageReport(siteId, { path: a.path })}">${a.path}</a>:
${share(a.recent)} nei siste 7 dager (${a.recent.no} av ${a.recent.yes + a.recent.no}),
mot ${share(a.baseline)} de 28 dagene før.</li>`;
  return html`<h2 id="alerts">Varsler</h2>
${
  alerts.length
    ? html`<p>Sider der andelen nei har steget mer enn tilfeldig den siste uken:</p>
<ul class="alerts">${alerts.map(item)}</ul>`
    : html`<p>Ingen sider har fått tydelig flere nei den siste uken.</p>`
}`;
}
