import { html } from '../../http/html.ts';
import type { Interval } from '../../reports/oslo-dates.ts';
import type { FeedbackFilters, FeedbackItem } from '../../reports/report.ts';
import type { Paged } from '../../reports/report-service.ts';
import { statuses } from '../../values.ts';
import { percentOf, percentText, statusLabels } from '../format.ts';
import { links, type SiteRef } from '../links.ts';
import { type Period, periodParams, periodText } from '../period.ts';
import { feedbackList } from './feedback-list.ts';
import { options, periodFields } from './forms.ts';
import type { PageContent } from './layout.ts';
import { paging } from './site-report-page.ts';
import { type Bucket, trendChart } from './trend-chart.ts';

export interface PageReport {
  site: SiteRef;
  path: string;
  period: Period;
  interval: Interval;
  filters: Pick<FeedbackFilters, 'found' | 'hasComment' | 'status'>;
  summary: { yes: number; no: number; total: number; comments: number; series: Bucket[] };
  feedback: Paged<FeedbackItem>;
  paged: boolean;
  csrf: string;
  /** This page's own address, for the forms to come back to. */
  back: string;
  notice: string | undefined;
}

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'ja' : 'nei');

/** The query of this report: the page, the period, the interval and the filters of the list. */
export function reportParams(r: Pick<PageReport, 'path' | 'period' | 'interval' | 'filters'>) {
  return {
    path: r.path,
    ...periodParams(r.period),
    interval: r.interval,
    found: yesNo(r.filters.found),
    hasComment: yesNo(r.filters.hasComment),
    status: r.filters.status,
  };
}

function choices(r: PageReport) {
  const intervals = [
    ['day', 'Dag'],
    ['week', 'Uke'],
    ['month', 'Måned'],
  ] as const;
  const statusChoices = [['', 'Alle'], ...statuses.map((s) => [s, statusLabels[s]] as const)] as const;
  return html`<form method="get" action="${links.pageReport(r.site.id, {})}" class="choices">
<input type="hidden" name="path" value="${r.path}">
${periodFields(r.period)}
<div class="row">
<div class="field"><label for="interval">Diagram per</label><select id="interval" name="interval">
${options(intervals, r.interval)}</select></div>
</div>
<fieldset><legend>Tilbakemeldinger som vises</legend>
<div class="row">
<div class="field"><label for="found">Svar</label><select id="found" name="found">${options(
    [
      ['', 'Alle'],
      ['ja', 'Ja'],
      ['nei', 'Nei'],
    ],
    yesNo(r.filters.found),
  )}</select></div>
<div class="field"><label for="hasComment">Kommentar</label><select id="hasComment" name="hasComment">${options(
    [
      ['', 'Alle'],
      ['ja', 'Med kommentar'],
      ['nei', 'Uten kommentar'],
    ],
    yesNo(r.filters.hasComment),
  )}</select></div>
<div class="field"><label for="status">Status</label><select id="status" name="status">
${options(statusChoices, r.filters.status)}</select></div>
</div>
</fieldset>
<button type="submit">Vis</button>
</form>`;
}

function totals(r: PageReport) {
  const { yes, no, total, comments } = r.summary;
  return html`<dl class="totals">
<div><dt>Ja</dt><dd>${yes}</dd></div>
<div><dt>Nei</dt><dd>${no}</dd></div>
<div><dt>Totalt</dt><dd>${total}</dd></div>
<div><dt>Andel nei</dt><dd>${percentText(percentOf(no, total))}</dd></div>
<div><dt>Kommentarer</dt><dd>${comments}</dd></div>
</dl>`;
}

export function pageReportPage(r: PageReport): PageContent {
  const params = reportParams(r);
  const next = r.feedback.next ? links.pageReport(r.site.id, { ...params, cursor: r.feedback.next }) : undefined;
  const noneText = 'Ingen tilbakemeldinger passer til valgene.';
  const { found, hasComment, status } = params;
  const csv = links.csv(r.site.id, { path: r.path, from: r.period.from, to: r.period.to, found, hasComment, status });
  return {
    title: `${r.path} – ${r.site.name}`,
    heading: r.path,
    crumbs: [
      { href: '/admin', text: 'Nettsteder' },
      { href: links.siteReport(r.site.id, periodParams(r.period)), text: r.site.name },
    ],
    body: html`${r.notice ? html`<p class="notice" role="status">${r.notice}</p>` : ''}
<p class="lead">Svar på siden ${periodText(r.period)}.</p>
${choices(r)}
<h2>Oversikt</h2>
${totals(r)}
<h2>Utvikling</h2>
${trendChart(r.summary.series, r.interval, `Siden ${r.path}, ${periodText(r.period)}`)}
<h2>Tilbakemeldinger</h2>
<p><a href="${csv}">Last ned disse tilbakemeldingene som CSV</a> <span class="muted">(for Excel)</span></p>
${r.feedback.items.length ? feedbackList(r.site.id, r.feedback.items, r.csrf, r.back) : html`<p>${noneText}</p>`}
${paging('Flere tilbakemeldinger', r.paged ? links.pageReport(r.site.id, params) : undefined, next)}`,
  };
}
