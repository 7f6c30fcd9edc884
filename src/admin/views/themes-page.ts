import { html } from '../../html.ts';
import type { ThemeCount } from '../../themes/theme.ts';
import { links, type SiteRef } from '../links.ts';
import { csrfField, type PageContent } from './layout.ts';

export interface ThemesList {
  site: SiteRef;
  themes: ThemeCount[];
  /** Whether the viewer may make, change and delete themes. */
  admin: boolean;
  csrf: string;
  notice: string | undefined;
}

const wordsHelp = html`<p class="hint" id="words-help">Ett ord eller uttrykk per linje. Ordene treffer alle
bøyningsformer (skjema treffer skjemaet og skjemaene). Et uttrykk treffer ordene i rekkefølge. Et ord som slutter
på * treffer alle ord som begynner slik (feil* treffer feilmelding). Et ? alene treffer kommentarer med spørsmål.</p>`;

function themeForm(c: ThemesList, theme?: ThemeCount) {
  const id = theme ? `t-${theme.id}` : 'new';
  const action = theme ? links.theme(c.site.id, theme.id) : links.themes(c.site.id);
  return html`<form method="post" action="${action}" class="theme-form">
${csrfField(c.csrf)}
<div class="field"><label for="${id}-name">Navn</label>
<input id="${id}-name" name="name" type="text" required maxlength="80" value="${theme?.name ?? ''}"></div>
<div class="field"><label for="${id}-words">Ord</label>
<textarea id="${id}-words" name="words" rows="${theme ? 6 : 4}" aria-describedby="words-help">${
    theme?.words.join('\n') ?? ''
  }</textarea></div>
<button type="submit">${theme ? 'Lagre' : 'Lag tema'}${
    theme ? html`<span class="visually-hidden"> ${theme.name}</span>` : ''
  }</button>
</form>`;
}

function entry(c: ThemesList, theme: ThemeCount) {
  const shown = html`<p><a href="${links.comments(c.site.id, { theme: theme.id })}">${theme.comments} kommentarer</a>
siste 30 dager${theme.builtin ? ' · innebygd tema' : ''}</p>`;
  const words = theme.words.length ? theme.words.join(', ') : 'Ingen ord: bare valgt av redaktører og forslag.';
  if (!c.admin) return html`<li><h2>${theme.name}</h2>${shown}<p class="muted">${words}</p></li>`;
  const remove = theme.builtin
    ? ''
    : html`<form method="post" action="${links.theme(c.site.id, theme.id)}/delete">${csrfField(c.csrf)}
<button type="submit" class="danger">Slett<span class="visually-hidden"> ${theme.name}</span></button></form>`;
  return html`<li><h2>${theme.name}</h2>${shown}${themeForm(c, theme)}${remove}</li>`;
}

/** A site's themes: each with its words and how many comments it holds; admins make, change and delete them. */
export function themesPage(c: ThemesList): PageContent {
  return {
    title: `Temaer – ${c.site.name}`,
    heading: 'Temaer',
    crumbs: [
      { href: '/admin', text: 'Nettsteder' },
      { href: links.siteReport(c.site.id), text: c.site.name },
    ],
    body: html`${c.notice ? html`<p class="notice" role="status">${c.notice}</p>` : ''}
<p class="lead">En kommentar er i et tema når den bruker ett av temaets ord, når en redaktør har lagt den der, eller
når fantdu foreslår det ut fra kommentarene redaktørene har lagt i temaet.</p>
${c.admin ? wordsHelp : ''}
<ul class="theme-list">${c.themes.map((t) => entry(c, t))}</ul>
${c.admin ? html`<h2>Nytt tema</h2>${themeForm(c)}` : ''}`,
  };
}
