import { html } from '../../html.ts';
import type { FeedbackFilters, FeedbackItem } from '../../reports/report.ts';
import type { Paged } from '../../reports/report-service.ts';
import type { Theme } from '../../themes/theme.ts';
import { links, type SiteRef } from '../links.ts';
import { type Period, periodParams, periodText } from '../period.ts';
import type { Words } from '../words.ts';
import { downloads } from './downloads.ts';
import { feedbackList } from './feedback-list.ts';
import { answerAndStatusFields, options, periodFields, yesNoParam } from './forms.ts';
import type { PageContent } from './layout.ts';
import { paging } from './site-report-page.ts';

export interface CommentsList {
  site: SiteRef;
  period: Period;
  filters: Pick<FeedbackFilters, 'pathPrefix' | 'term' | 'theme' | 'found' | 'status'>;
  themes: Theme[];
  feedback: Paged<FeedbackItem>;
  paged: boolean;
  csrf: string;
  back: string;
}

/** The query of this list: the period and the filters. */
export function commentsParams(c: Pick<CommentsList, 'period' | 'filters'>) {
  const { pathPrefix, term, theme, found, status } = c.filters;
  return { ...periodParams(c.period), pathPrefix, term, theme, found: yesNoParam(found), status };
}

/** The comments of a site, by a term or a theme (where the terms and themes of the reports lead), or all. */
export function commentsPage(w: Words, c: CommentsList): PageContent {
  const t = w.t.comments;
  const f = w.t.filters;
  const params = commentsParams(c);
  const { term, theme, pathPrefix } = c.filters;
  const themeName = c.themes.find((candidate) => candidate.id === theme)?.name;
  const what = [
    term ? f.usingTerm(term) : '',
    themeName ? f.inTheme(themeName) : '',
    pathPrefix ? html`${f.under} <code>${pathPrefix}</code>` : '',
  ];
  const next = c.feedback.next ? links.comments(c.site.id, { ...params, cursor: c.feedback.next }) : undefined;
  const themeChoices = [['', w.t.values.all], ...c.themes.map((s) => [s.id, s.name] as const)] as const;
  const chosen = { from: c.period.from, to: c.period.to, pathPrefix, term, theme };
  return {
    title: t.title(c.site.name),
    heading: t.heading,
    crumbs: [
      { href: '/admin', text: w.t.layout.sites },
      { href: links.siteReport(c.site.id, periodParams(c.period)), text: c.site.name },
    ],
    body: html`<form method="get" action="${links.comments(c.site.id)}" class="choices">
${periodFields(w, c.period)}
<div class="row">
<div class="field"><label for="term">${f.term}</label>
<input id="term" name="term" type="text" value="${term ?? ''}" spellcheck="false"></div>
<div class="field"><label for="theme">${f.theme}</label><select id="theme" name="theme">
${options(themeChoices, theme)}</select></div>
<div class="field"><label for="pathPrefix">${f.pathPrefix}</label>
<input id="pathPrefix" name="pathPrefix" type="text" value="${pathPrefix ?? ''}" spellcheck="false"></div>
${answerAndStatusFields(w, c.filters.found, c.filters.status)}
</div>
<button type="submit">${f.show}</button>
</form>
<h2>${t.heading}${what}, ${periodText(w, c.period)}</h2>
${downloads(w, c.site.id, chosen, t.download)}
${
  c.feedback.items.length
    ? feedbackList(w, c.site.id, c.feedback.items, c.csrf, c.back, c.themes)
    : html`<p>${t.none}</p>`
}
${paging(w, t.more, c.paged ? links.comments(c.site.id, params) : undefined, next)}`,
  };
}
