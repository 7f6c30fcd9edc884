import type { Alert } from '../../alerts/alert.ts';
import { type Html, html } from '../../html.ts';
import type { PageRow, PageSort } from '../../reports/report.ts';
import type { Paged } from '../../reports/report-service.ts';
import { percentOf } from '../format.ts';
import { links, type SiteRef } from '../links.ts';
import { type Period, periodParams, periodText } from '../period.ts';
import type { Words } from '../words.ts';
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
export function shareBar(w: Words, no: number, total: number): Html {
  const percent = percentOf(no, total);
  return html`<svg class="bar" width="80" height="12" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true"
 focusable="false"><rect class="bar-track" width="100" height="12"></rect>
<rect class="bar-no" width="${percent}" height="12"></rect></svg> <span>${w.percent(percent)}</span>`;
}

/** "No" per 1000 views, or a dash (said in words to screen readers) for a page without views. */
export function per1000Text(w: Words, noPer1000: number | null): Html {
  return noPer1000 === null
    ? html`<span aria-hidden="true">–</span><span class="visually-hidden">${w.t.siteReport.noViews}</span>`
    : html`${w.rate(noPer1000)}`;
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

function pagesTable(w: Words, r: SiteReport): Html {
  const t = w.t.siteReport;
  const period = periodParams(r.period);
  const row = (p: PageRow) => html`<tr>
<th scope="row"><a href="${links.pageReport(r.site.id, { path: p.path, ...period })}">${p.path}</a></th>
<td class="num">${p.yes}</td><td class="num">${p.no}</td><td class="num">${p.total}</td>
<td class="share">${shareBar(w, p.no, p.total)}</td>
<td class="num">${w.count(p.views)}</td><td class="num">${per1000Text(w, p.noPer1000)}</td>
<td class="num">${p.comments}</td>
<td class="when">${w.dateTime(p.lastAt)}</td>
</tr>`;
  const heading = (sort: PageSort | undefined, label: string, numeric = true) => sortHeading(r, sort, label, numeric);
  return html`<div class="table-wrap" role="region" aria-labelledby="pages-caption" tabindex="0">
<table>
<caption id="pages-caption" class="visually-hidden">
${t.caption(w.t.values.sorts[r.sort].toLowerCase())}
</caption>
<thead><tr>
${heading('path', t.page, false)}${heading(undefined, w.t.values.yes)}${heading('no', w.t.values.no)}
${heading('total', t.total)}${heading('share', t.shareNo, false)}${heading('views', t.views)}
${heading('noPer1000', t.noPer1000)}${heading(undefined, t.comments)}${heading(undefined, t.last, false)}
</tr></thead>
<tbody>
${r.pages.items.map(row)}
</tbody>
</table>
</div>
<p class="muted">${t.viewsNote}</p>`;
}

/** Links to the first and the next page of a list, under the list's name. */
export function paging(w: Words, label: string, first: string | undefined, next: string | undefined): Html | '' {
  if (!first && !next) return '';
  return html`<nav class="paging" aria-label="${label}"><ul>
${first ? html`<li><a href="${first}">${w.t.paging.first}</a></li>` : ''}
${next ? html`<li><a href="${next}" rel="next">${w.t.paging.next}</a></li>` : ''}
</ul></nav>`;
}

export function siteReportPage(w: Words, r: SiteReport): PageContent {
  const t = w.t.siteReport;
  const shown = { ...periodParams(r.period), sort: r.sort, pathPrefix: r.pathPrefix };
  const sorts = Object.entries(w.t.values.sorts) as [PageSort, string][];
  const chosen = { from: r.period.from, to: r.period.to, pathPrefix: r.pathPrefix };
  const next = r.pages.next ? links.siteReport(r.site.id, { ...shown, cursor: r.pages.next }) : undefined;
  const { watching, csrf, back } = r.watch;
  return {
    title: t.title(r.site.name),
    heading: r.site.name,
    crumbs: [{ href: '/admin', text: w.t.layout.sites }],
    body: html`${r.watch.notice ? html`<p class="notice" role="status">${r.watch.notice}</p>` : ''}
<form method="get" action="${links.siteReport(r.site.id)}" class="choices">
${periodFields(w, r.period)}
<div class="row">
<div class="field"><label for="sort">${t.sortBy}</label><select id="sort" name="sort">
${options(sorts, r.sort)}</select></div>
<div class="field"><label for="pathPrefix">${w.t.filters.pathPrefix}</label>
<input id="pathPrefix" name="pathPrefix" type="text" value="${r.pathPrefix ?? ''}" spellcheck="false"></div>
</div>
<button type="submit">${w.t.filters.show}</button>
</form>
${alertsSection(w, r.site.id, r.alerts)}
${lookingFor(w, r.looking)}
<h2>${t.pages}, ${periodText(w, r.period)}${
      r.pathPrefix ? html`,${w.t.filters.under} <code>${r.pathPrefix}</code>` : ''
    }</h2>
<p>${t.sortedBy(w.t.values.sorts[r.sort].toLowerCase())}</p>
${r.pathPrefix ? watchForm(w, r.site.id, { pathPrefix: r.pathPrefix }, watching, csrf, back) : ''}
${downloads(w, r.site.id, chosen, t.download)}
${r.pages.items.length ? pagesTable(w, r) : html`<p>${r.pathPrefix ? t.noneUnder : t.none}</p>`}
${paging(w, t.morePages, r.paged ? links.siteReport(r.site.id, shown) : undefined, next)}`,
  };
}
