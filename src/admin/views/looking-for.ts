import { type Html, html } from '../../html.ts';
import type { TermItem } from '../../terms/terms-service.ts';
import type { ThemeCount } from '../../themes/theme.ts';
import type { Words } from '../words.ts';
import { shareBar } from './site-report-page.ts';

/** What people were looking for in a period: its terms, the terms on the rise, and the themes. */
export interface LookingFor {
  terms: { comments: number; items: TermItem[] };
  themes: ThemeCount[];
  /** Where a term or a theme leads: the comments that use it, or are in it. */
  linkTo: (filter: { term: string } | { theme: string }) => string;
  /** The page of the site's themes. */
  themesPage: string;
}

/** How many terms are listed, and of those how many are shown as rising. */
export const termsShown = 15;
const risingShown = 5;

/** The terms whose comments grew most since the period before, growing ones only. */
function rising(items: TermItem[]): TermItem[] {
  const growth = (t: TermItem) => t.comments - (t.previous ?? 0);
  return items
    .filter((t) => growth(t) > 0 && t.comments >= 2)
    .sort((a, b) => growth(b) - growth(a) || b.comments - a.comments)
    .slice(0, risingShown);
}

function termsTable(w: Words, l: LookingFor): Html {
  const t = w.t.lookingFor;
  const row = (term: TermItem) => html`<tr>
<th scope="row"><a href="${l.linkTo({ term: term.term })}">${term.term}</a></th>
<td class="num">${term.comments}</td><td class="share">${shareBar(w, term.no, term.comments)}</td>
</tr>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="terms-caption" tabindex="0">
<table>
<caption id="terms-caption">${t.termsCaption}</caption>
<thead><tr>
<th scope="col">${t.term}</th><th scope="col" class="num">${t.comments}</th><th scope="col">${t.shareNo}</th>
</tr></thead>
<tbody>
${l.terms.items.slice(0, termsShown).map(row)}
</tbody>
</table>
</div>`;
}

function themesTable(w: Words, l: LookingFor): Html {
  const t = w.t.lookingFor;
  const row = (theme: ThemeCount) => html`<tr>
<th scope="row"><a href="${l.linkTo({ theme: theme.id })}">${theme.name}</a></th>
<td class="num">${theme.comments}</td><td class="share">${shareBar(w, theme.no, theme.comments)}</td>
</tr>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="themes-caption" tabindex="0">
<table>
<caption id="themes-caption">${t.themesCaption}</caption>
<thead><tr>
<th scope="col">${t.theme}</th><th scope="col" class="num">${t.comments}</th><th scope="col">${t.shareNo}</th>
</tr></thead>
<tbody>
${l.themes.map(row)}
</tbody>
</table>
</div>`;
}

export function lookingFor(w: Words, l: LookingFor): Html {
  const t = w.t.lookingFor;
  const up = rising(l.terms.items);
  const comments = (n: number) => w.plural(n, w.t.counts.comments);
  const risingList = up.length
    ? html`<h3>${t.rising}</h3>
<ul class="rising">${up.map(
        (term) => html`<li><a href="${l.linkTo({ term: term.term })}">${term.term}</a>
<span class="muted">${t.risingCounts(comments(term.comments), w.count(term.previous ?? 0))}</span></li>`,
      )}</ul>`
    : '';
  return html`<section aria-labelledby="looking-for">
<h2 id="looking-for">${t.heading}</h2>
<p>${t.intro(comments(l.terms.comments))}</p>
${l.terms.items.length ? termsTable(w, l) : html`<p>${t.none}</p>`}
${risingList}
${themesTable(w, l)}
<p><a href="${l.themesPage}">${t.allThemes}</a></p>
</section>`;
}
