import { type Html, html } from '../../html.ts';
import type { TermItem } from '../../terms/terms-service.ts';
import type { ThemeCount } from '../../themes/theme.ts';
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

function termsTable(l: LookingFor): Html {
  const row = (t: TermItem) => html`<tr>
<th scope="row"><a href="${l.linkTo({ term: t.term })}">${t.term}</a></th>
<td class="num">${t.comments}</td><td class="share">${shareBar(t.no, t.comments)}</td>
</tr>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="terms-caption" tabindex="0">
<table>
<caption id="terms-caption">Ord og uttrykk i kommentarene</caption>
<thead><tr>
<th scope="col">Ord</th><th scope="col" class="num">Kommentarer</th><th scope="col">Andel nei</th>
</tr></thead>
<tbody>
${l.terms.items.slice(0, termsShown).map(row)}
</tbody>
</table>
</div>`;
}

function themesTable(l: LookingFor): Html {
  const row = (t: ThemeCount) => html`<tr>
<th scope="row"><a href="${l.linkTo({ theme: t.id })}">${t.name}</a></th>
<td class="num">${t.comments}</td><td class="share">${shareBar(t.no, t.comments)}</td>
</tr>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="themes-caption" tabindex="0">
<table>
<caption id="themes-caption">Temaer</caption>
<thead><tr>
<th scope="col">Tema</th><th scope="col" class="num">Kommentarer</th><th scope="col">Andel nei</th>
</tr></thead>
<tbody>
${l.themes.map(row)}
</tbody>
</table>
</div>`;
}

export function lookingFor(l: LookingFor): Html {
  const up = rising(l.terms.items);
  const risingList = up.length
    ? html`<h3>Ord det blir mer av</h3>
<ul class="rising">${up.map(
        (t) => html`<li><a href="${l.linkTo({ term: t.term })}">${t.term}</a>
<span class="muted">${t.comments} kommentarer, ${t.previous ?? 0} i perioden før</span></li>`,
      )}</ul>`
    : '';
  return html`<section aria-labelledby="looking-for">
<h2 id="looking-for">Hva leter folk etter?</h2>
<p>${l.terms.comments} kommentarer i perioden. Hvert ord telles én gang per kommentar, i alle bøyningsformer.</p>
${l.terms.items.length ? termsTable(l) : html`<p>Ingen kommentarer med ord å telle i denne perioden.</p>`}
${risingList}
${themesTable(l)}
<p><a href="${l.themesPage}">Alle temaer og ordene deres</a></p>
</section>`;
}
