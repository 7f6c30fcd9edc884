import type { Change, JudgedChange } from '../../changes/change.ts';
import { html } from '../../html.ts';
import type { Interval } from '../../reports/oslo-dates.ts';
import { bucketStart, osloDay } from '../../reports/oslo-dates.ts';
import { type FeedbackFilters, type FeedbackItem, noPer1000 } from '../../reports/report.ts';
import type { Paged } from '../../reports/report-service.ts';
import type { Theme } from '../../themes/theme.ts';
import { countText, percentOf, percentText } from '../format.ts';
import { links, type SiteRef } from '../links.ts';
import { type Period, periodParams, periodText } from '../period.ts';
import { pageChanges } from './changes.ts';
import { downloads } from './downloads.ts';
import { feedbackList } from './feedback-list.ts';
import { answerAndStatusFields, options, periodFields, yesNoParam } from './forms.ts';
import type { PageContent } from './layout.ts';
import { type LookingFor, lookingFor } from './looking-for.ts';
import { paging, per1000Text } from './site-report-page.ts';
import { type Bucket, trendChart } from './trend-chart.ts';
import { watchForm } from './watch-form.ts';

export interface PageReport {
  site: SiteRef;
  path: string;
  period: Period;
  interval: Interval;
  filters: Pick<FeedbackFilters, 'found' | 'hasComment' | 'status' | 'term' | 'theme'>;
  summary: {
    yes: number;
    no: number;
    total: number;
    comments: number;
    views: number;
    series: Bucket[];
    changes: Change[];
  };
  feedback: Paged<FeedbackItem>;
  paged: boolean;
  csrf: string;
  /** This page's own address, for the forms to come back to. */
  back: string;
  notice: string | undefined;
  looking: LookingFor;
  themes: Theme[];
  changes: JudgedChange[];
  /** Whether the viewer watches this page. */
  watching: boolean;
  today: string;
}

const yesNo = yesNoParam;

/** The query of this report: the page, the period, the interval and the filters of the list. */
export function reportParams(r: Pick<PageReport, 'path' | 'period' | 'interval' | 'filters'>) {
  return {
    path: r.path,
    ...periodParams(r.period),
    interval: r.interval,
    found: yesNo(r.filters.found),
    hasComment: yesNo(r.filters.hasComment),
    status: r.filters.status,
    term: r.filters.term,
    theme: r.filters.theme,
  };
}

function choices(r: PageReport) {
  const intervals = [
    ['day', 'Dag'],
    ['week', 'Uke'],
    ['month', 'Måned'],
  ] as const;
  return html`<form method="get" action="${links.pageReport(r.site.id, {})}" class="choices">
<input type="hidden" name="path" value="${r.path}">
${periodFields(r.period)}
<div class="row">
<div class="field"><label for="interval">Diagram per</label><select id="interval" name="interval">
${options(intervals, r.interval)}</select></div>
</div>
<fieldset><legend>Tilbakemeldinger som vises</legend>
<div class="row">
<div class="field"><label for="hasComment">Kommentar</label><select id="hasComment" name="hasComment">${options(
    [
      ['', 'Alle'],
      ['ja', 'Med kommentar'],
      ['nei', 'Uten kommentar'],
    ],
    yesNo(r.filters.hasComment),
  )}</select></div>
${answerAndStatusFields(r.filters.found, r.filters.status)}
</div>
</fieldset>
<button type="submit">Vis</button>
</form>`;
}

function totals(r: PageReport) {
  const { yes, no, total, comments, views } = r.summary;
  return html`<dl class="totals">
<div><dt>Ja</dt><dd>${yes}</dd></div>
<div><dt>Nei</dt><dd>${no}</dd></div>
<div><dt>Totalt</dt><dd>${total}</dd></div>
<div><dt>Andel nei</dt><dd>${percentText(percentOf(no, total))}</dd></div>
<div><dt>Kommentarer</dt><dd>${comments}</dd></div>
<div><dt>Visninger</dt><dd>${countText(views)}</dd></div>
<div><dt>Nei per 1000 visninger</dt><dd>${per1000Text(noPer1000(no, views))}</dd></div>
<div><dt>Andel som svarte</dt><dd>${views > 0 ? percentText(percentOf(total, views)) : per1000Text(null)}</dd></div>
</dl>`;
}

/** The term or theme the list is narrowed to (from a link of "Hva leter folk etter?"), with a way back to all. */
function chosenFilter(r: PageReport) {
  const themeName = r.themes.find((t) => t.id === r.filters.theme)?.name;
  if (!r.filters.term && !themeName) return '';
  const all = links.pageReport(r.site.id, { ...reportParams(r), term: undefined, theme: undefined });
  return html`${r.filters.term ? html` som bruker «${r.filters.term}»` : ''}${
    themeName ? html` i temaet «${themeName}»` : ''
  } <a class="small" href="${all}">Vis alle</a>`;
}

/** The changes in the period, marked on the trend at the bucket each falls in. */
const marks = (r: PageReport) =>
  r.summary.changes.map((c) => {
    const day = osloDay(new Date(c.at));
    return { start: bucketStart(day, r.interval), day, note: c.note };
  });

export function pageReportPage(r: PageReport): PageContent {
  const params = reportParams(r);
  const next = r.feedback.next ? links.pageReport(r.site.id, { ...params, cursor: r.feedback.next }) : undefined;
  const noneText = 'Ingen tilbakemeldinger passer til valgene.';
  const { found, hasComment, status, term, theme } = params;
  const chosen = {
    path: r.path,
    from: r.period.from,
    to: r.period.to,
    found,
    hasComment,
    status,
    term,
    theme,
  };
  return {
    title: `${r.path} – ${r.site.name}`,
    heading: r.path,
    crumbs: [
      { href: '/admin', text: 'Nettsteder' },
      { href: links.siteReport(r.site.id, periodParams(r.period)), text: r.site.name },
    ],
    body: html`${r.notice ? html`<p class="notice" role="status">${r.notice}</p>` : ''}
<p class="lead">Svar på siden ${periodText(r.period)}.</p>
${watchForm(r.site.id, { path: r.path }, r.watching, r.csrf, r.back)}
${choices(r)}
<h2>Oversikt</h2>
${totals(r)}
<h2>Utvikling</h2>
${trendChart(r.summary.series, r.interval, `Siden ${r.path}, ${periodText(r.period)}`, marks(r))}
${pageChanges({
  items: r.changes,
  add: links.changes(r.site.id),
  remove: (id) => links.change(r.site.id, id),
  csrf: r.csrf,
  back: r.back,
  path: r.path,
  today: r.today,
})}
${lookingFor(r.looking)}
<h2 id="feedback">Tilbakemeldinger${chosenFilter(r)}</h2>
${downloads(r.site.id, chosen, 'Last ned disse tilbakemeldingene som CSV')}
${
  r.feedback.items.length
    ? feedbackList(r.site.id, r.feedback.items, r.csrf, r.back, r.themes)
    : html`<p>${noneText}</p>`
}
${paging('Flere tilbakemeldinger', r.paged ? links.pageReport(r.site.id, params) : undefined, next)}`,
  };
}
