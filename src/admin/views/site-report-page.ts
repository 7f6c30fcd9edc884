import type { Alert } from '../../alerts/alert.ts';
import { type Html, html } from '../../html.ts';
import type { PageRow, PageSort } from '../../reports/report.ts';
import type { Paged } from '../../reports/report-service.ts';
import { countText, osloDateTimeText, percentOf, percentText, rateText, sortLabels } from '../format.ts';
import { links, type SiteRef } from '../links.ts';
import { type Period, periodParams, periodText } from '../period.ts';
import { alertsSection } from './alerts.ts';
import { downloads } from './downloads.ts';
import { options, periodFields } from './forms.ts';
import type { PageContent } from './layout.ts';
import { type LookingFor, lookingFor } from './looking-for.ts';
import { watchForm } from './watch-form.ts';

export interface SiteReport {
  site: SiteRef;
  period: Period;
  sort: PageSort;
  pathPrefix: string | undefined;
  pages: Paged<PageRow>;
  /** Whether this is a later page of the list. */
  paged: boolean;
  looking: LookingFor;
  /** The pages that alert today. */
  alerts: Alert[];
  /** Whether the viewer watches the pages under pathPrefix, and what the watch button needs. */
  watch: { watching: boolean; csrf: string; back: string; notice: string | undefined };
}

/** The share of "no" as a bar (its width an attribute, so no inline style is needed) and as text beside it. */
export function shareBar(no: number, total: number): Html {
  const percent = percentOf(no, total);
  return html`<svg class="bar" width="80" height="12" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true"
 focusable="false"><rect class="bar-track" width="100" height="12"></rect>
<rect class="bar-no" width="${percent}" height="12"></rect></svg> <span>${percentText(percent)}</span>`;
}

/** "No" per 1000 views, or a dash (said in words to screen readers) for a page without views. */
export function per1000Text(noPer1000: number | null): Html {
  return noPer1000 === null
    ? html`<span aria-hidden="true">–</span><span class="visually-hidden">ingen visninger</span>`
    : html`${rateText(noPer1000)}`;
}

/** A column heading that sorts the table by it: a link (no JavaScript), and aria-sort on the column sorted by. */
function sortHeading(r: SiteReport, sort: PageSort | undefined, label: string, numeric: boolean): Html {
  const cls = numeric ? html` class="num"` : '';
  if (!sort) return html`<th scope="col"${cls}>${label}</th>`;
  const href = links.siteReport(r.site.id, { ...periodParams(r.period), sort, pathPrefix: r.pathPrefix });
  if (r.sort !== sort) return html`<th scope="col"${cls}><a href="${href}">${label}</a></th>`;
  const order = sort === 'path' ? 'ascending' : 'descending';
  return html`<th scope="col"${cls} aria-sort="${order}"><a href="${href}" aria-current="true">${label}</a></th>`;
}

function pagesTable(r: SiteReport): Html {
  const period = periodParams(r.period);
  const row = (p: PageRow) => html`<tr>
<th scope="row"><a href="${links.pageReport(r.site.id, { path: p.path, ...period })}">${p.path}</a></th>
<td class="num">${p.yes}</td><td class="num">${p.no}</td><td class="num">${p.total}</td>
<td class="share">${shareBar(p.no, p.total)}</td>
<td class="num">${countText(p.views)}</td><td class="num">${per1000Text(p.noPer1000)}</td>
<td class="num">${p.comments}</td>
<td class="when">${osloDateTimeText(p.lastAt)}</td>
</tr>`;
  const heading = (sort: PageSort | undefined, label: string, numeric = true) => sortHeading(r, sort, label, numeric);
  return html`<div class="table-wrap" role="region" aria-labelledby="pages-caption" tabindex="0">
<table>
<caption id="pages-caption" class="visually-hidden">
Sider med svar, sortert etter ${sortLabels[r.sort].toLowerCase()}. Velg en kolonneoverskrift for å sortere etter den.
</caption>
<thead><tr>
${heading('path', 'Side', false)}${heading(undefined, 'Ja')}${heading('no', 'Nei')}${heading('total', 'Totalt')}
${heading('share', 'Andel nei', false)}${heading('views', 'Visninger')}${heading('noPer1000', 'Nei per 1000 visninger')}
${heading(undefined, 'Kommentarer')}${heading(undefined, 'Sist', false)}
</tr></thead>
<tbody>
${r.pages.items.map(row)}
</tbody>
</table>
</div>
<p class="muted">Visninger telles når spørsmålet kommer til syne på siden, bare i nettlesere med JavaScript.</p>`;
}

export function paging(label: string, first: string | undefined, next: string | undefined): Html | '' {
  if (!first && !next) return '';
  return html`<nav class="paging" aria-label="${label}"><ul>
${first ? html`<li><a href="${first}">Første side</a></li>` : ''}
${next ? html`<li><a href="${next}" rel="next">Neste side</a></li>` : ''}
</ul></nav>`;
}

export function siteReportPage(r: SiteReport): PageContent {
  const shown = { ...periodParams(r.period), sort: r.sort, pathPrefix: r.pathPrefix };
  const sorts = Object.entries(sortLabels) as [PageSort, string][];
  const under = r.pathPrefix ? ' under denne stien' : '';
  const chosen = { from: r.period.from, to: r.period.to, pathPrefix: r.pathPrefix };
  const next = r.pages.next ? links.siteReport(r.site.id, { ...shown, cursor: r.pages.next }) : undefined;
  return {
    title: `${r.site.name}: sider`,
    heading: r.site.name,
    crumbs: [{ href: '/admin', text: 'Nettsteder' }],
    body: html`${r.watch.notice ? html`<p class="notice" role="status">${r.watch.notice}</p>` : ''}
<form method="get" action="${links.siteReport(r.site.id)}" class="choices">
${periodFields(r.period)}
<div class="row">
<div class="field"><label for="sort">Sorter etter</label><select id="sort" name="sort">
${options(sorts, r.sort)}</select></div>
<div class="field"><label for="pathPrefix">Sti begynner med</label>
<input id="pathPrefix" name="pathPrefix" type="text" value="${r.pathPrefix ?? ''}" spellcheck="false"></div>
</div>
<button type="submit">Vis</button>
</form>
${alertsSection(r.site.id, r.alerts)}
${lookingFor(r.looking)}
<h2>Sider, ${periodText(r.period)}${r.pathPrefix ? html`, under <code>${r.pathPrefix}</code>` : ''}</h2>
<p>Sortert etter ${sortLabels[r.sort].toLowerCase()}.</p>
${r.pathPrefix ? watchForm(r.site.id, { pathPrefix: r.pathPrefix }, r.watch.watching, r.watch.csrf, r.watch.back) : ''}
${downloads(r.site.id, chosen, 'Last ned tilbakemeldingene for perioden som CSV')}
${r.pages.items.length ? pagesTable(r) : html`<p>Ingen svar i denne perioden${under}.</p>`}
${paging('Flere sider', r.paged ? links.siteReport(r.site.id, shown) : undefined, next)}`,
  };
}
