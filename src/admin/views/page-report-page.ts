import type { Change, JudgedChange } from '../../changes/change.ts';
import { html } from '../../html.ts';
import type { Interval } from '../../reports/oslo-dates.ts';
import { bucketStart, osloDay } from '../../reports/oslo-dates.ts';
import { type FeedbackFilters, type FeedbackItem, noPer1000 } from '../../reports/report.ts';
import type { Paged } from '../../reports/report-service.ts';
import type { Theme } from '../../themes/theme.ts';
import { percentOf } from '../format.ts';
import { links, type SiteRef } from '../links.ts';
import { type Period, periodParams, periodText } from '../period.ts';
import type { Words } from '../words.ts';
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

function choices(w: Words, r: PageReport) {
  const t = w.t.pageReport;
  const intervals = [
    ['day', t.intervals.day],
    ['week', t.intervals.week],
    ['month', t.intervals.month],
  ] as const;
  const comments = [
    ['', w.t.values.all],
    ['ja', t.withComment],
    ['nei', t.withoutComment],
  ] as const;
  return html`<form method="get" action="${links.pageReport(r.site.id, {})}" class="choices">
<input type="hidden" name="path" value="${r.path}">
${periodFields(w, r.period)}
<div class="row">
<div class="field"><label for="interval">${t.chartPer}</label><select id="interval" name="interval">
${options(intervals, r.interval)}</select></div>
</div>
<fieldset><legend>${t.shown}</legend>
<div class="row">
<div class="field"><label for="hasComment">${t.comment}</label><select id="hasComment" name="hasComment">${options(
    comments,
    yesNo(r.filters.hasComment),
  )}</select></div>
${answerAndStatusFields(w, r.filters.found, r.filters.status)}
</div>
</fieldset>
<button type="submit">${w.t.filters.show}</button>
</form>`;
}

function totals(w: Words, r: PageReport) {
  const { yes, no, total, comments, views } = r.summary;
  const t = w.t.siteReport;
  const answered = views > 0 ? w.percent(percentOf(total, views)) : per1000Text(w, null);
  return html`<dl class="totals">
<div><dt>${w.t.values.yes}</dt><dd>${yes}</dd></div>
<div><dt>${w.t.values.no}</dt><dd>${no}</dd></div>
<div><dt>${t.total}</dt><dd>${total}</dd></div>
<div><dt>${t.shareNo}</dt><dd>${w.percent(percentOf(no, total))}</dd></div>
<div><dt>${t.comments}</dt><dd>${comments}</dd></div>
<div><dt>${t.views}</dt><dd>${w.count(views)}</dd></div>
<div><dt>${t.noPer1000}</dt><dd>${per1000Text(w, noPer1000(no, views))}</dd></div>
<div><dt>${w.t.pageReport.shareAnswered}</dt><dd>${answered}</dd></div>
</dl>`;
}

/** The term or theme the list is narrowed to (from a link of "Hva leter folk etter?"), with a way back to all. */
function chosenFilter(w: Words, r: PageReport) {
  const themeName = r.themes.find((t) => t.id === r.filters.theme)?.name;
  if (!r.filters.term && !themeName) return '';
  const all = links.pageReport(r.site.id, { ...reportParams(r), term: undefined, theme: undefined });
  const t = w.t.filters;
  const showAll = html`<a class="small" href="${all}">${t.showAll}</a>`;
  return html`${r.filters.term ? t.usingTerm(r.filters.term) : ''}${themeName ? t.inTheme(themeName) : ''} ${showAll}`;
}

/** The changes in the period, marked on the trend at the bucket each falls in. */
const marks = (r: PageReport) =>
  r.summary.changes.map((c) => {
    const day = osloDay(new Date(c.at));
    return { start: bucketStart(day, r.interval), day, note: c.note };
  });

export function pageReportPage(w: Words, r: PageReport): PageContent {
  const t = w.t.pageReport;
  const params = reportParams(r);
  const next = r.feedback.next ? links.pageReport(r.site.id, { ...params, cursor: r.feedback.next }) : undefined;
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
    title: t.title(r.path, r.site.name),
    heading: r.path,
    crumbs: [
      { href: '/admin', text: w.t.layout.sites },
      { href: links.siteReport(r.site.id, periodParams(r.period)), text: r.site.name },
    ],
    body: html`${r.notice ? html`<p class="notice" role="status">${r.notice}</p>` : ''}
<p class="lead">${t.lead(periodText(w, r.period))}</p>
${watchForm(w, r.site.id, { path: r.path }, r.watching, r.csrf, r.back)}
${choices(w, r)}
<h2>${t.overview}</h2>
${totals(w, r)}
<h2>${t.trend}</h2>
${trendChart(w, r.summary.series, r.interval, t.about(r.path, periodText(w, r.period)), marks(r))}
${pageChanges(w, {
  items: r.changes,
  add: links.changes(r.site.id),
  remove: (id) => links.change(r.site.id, id),
  csrf: r.csrf,
  back: r.back,
  path: r.path,
  today: r.today,
})}
${lookingFor(w, r.looking)}
<h2 id="feedback">${t.feedback}${chosenFilter(w, r)}</h2>
${downloads(w, r.site.id, chosen, t.download)}
${
  r.feedback.items.length
    ? feedbackList(w, r.site.id, r.feedback.items, r.csrf, r.back, r.themes)
    : html`<p>${t.none}</p>`
}
${paging(w, t.more, r.paged ? links.pageReport(r.site.id, params) : undefined, next)}`,
  };
}
