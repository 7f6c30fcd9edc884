import { html } from '../../html.ts';
import type { ThemeCount } from '../../themes/theme.ts';
import { links, type SiteRef } from '../links.ts';
import type { Words } from '../words.ts';
import { csrfField, type PageContent } from './layout.ts';

export interface ThemesList {
  site: SiteRef;
  themes: ThemeCount[];
  /** Whether the viewer may make, change and delete themes. */
  admin: boolean;
  csrf: string;
  notice: string | undefined;
}

function themeForm(w: Words, c: ThemesList, theme?: ThemeCount) {
  const t = w.t.themes;
  const id = theme ? `t-${theme.id}` : 'new';
  const action = theme ? links.theme(c.site.id, theme.id) : links.themes(c.site.id);
  return html`<form method="post" action="${action}" class="theme-form">
${csrfField(c.csrf)}
<div class="field"><label for="${id}-name">${t.name}</label>
<input id="${id}-name" name="name" type="text" required maxlength="80" value="${theme?.name ?? ''}"></div>
<div class="field"><label for="${id}-words">${t.words}</label>
<textarea id="${id}-words" name="words" rows="${theme ? 6 : 4}" aria-describedby="words-help">${
    theme?.words.join('\n') ?? ''
  }</textarea></div>
<button type="submit">${theme ? t.save : t.make}${
    theme ? html`<span class="visually-hidden"> ${theme.name}</span>` : ''
  }</button>
</form>`;
}

function entry(w: Words, c: ThemesList, theme: ThemeCount) {
  const t = w.t.themes;
  const comments = w.plural(theme.comments, w.t.counts.comments);
  const shown = html`<p><a href="${links.comments(c.site.id, { theme: theme.id })}">${comments}</a>
${t.last30}${theme.builtin ? t.builtin : ''}</p>`;
  const words = theme.words.length ? theme.words.join(', ') : t.noWords;
  if (!c.admin) return html`<li><h2>${theme.name}</h2>${shown}<p class="muted">${words}</p></li>`;
  const remove = theme.builtin
    ? ''
    : html`<form method="post" action="${links.theme(c.site.id, theme.id)}/delete">${csrfField(c.csrf)}
<button type="submit" class="danger">${t.delete}<span class="visually-hidden"> ${theme.name}</span></button></form>`;
  return html`<li><h2>${theme.name}</h2>${shown}${themeForm(w, c, theme)}${remove}</li>`;
}

/** A site's themes: each with its words and how many comments it holds; admins make, change and delete them. */
export function themesPage(w: Words, c: ThemesList): PageContent {
  const t = w.t.themes;
  return {
    title: t.title(c.site.name),
    heading: t.heading,
    crumbs: [
      { href: '/admin', text: w.t.layout.sites },
      { href: links.siteReport(c.site.id), text: c.site.name },
    ],
    body: html`${c.notice ? html`<p class="notice" role="status">${c.notice}</p>` : ''}
<p class="lead">${t.lead}</p>
${c.admin ? html`<p class="hint" id="words-help">${t.wordsHelp}</p>` : ''}
<ul class="theme-list">${c.themes.map((theme) => entry(w, c, theme))}</ul>
${c.admin ? html`<h2>${t.new}</h2>${themeForm(w, c)}` : ''}`,
  };
}
