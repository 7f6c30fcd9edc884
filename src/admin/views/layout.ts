import { type Html, html } from '../../html.ts';
import { type Lang, langs } from '../../values.ts';
import type { Words } from '../words.ts';

export interface Viewer {
  actor: string;
  csrf: string;
  /** false where password sign-in is off: then there is no password to change. */
  passwords?: boolean;
  /** This page's address, to come back to after switching the language. */
  here: string;
}

export interface Crumb {
  href: string;
  text: string;
}

/** What one page says: its title (also its one h1, unless `heading` is given), where it sits, and its body. */
export interface PageContent {
  title: string;
  heading?: string;
  crumbs?: Crumb[];
  body: Html;
}

/** Each language by its own name, as its readers look for it. */
export const languageNames: Record<Lang, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

export const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

/** Three buttons, one a language, the current one marked: the choice is kept on the person. */
function languageForm(w: Words, viewer: Viewer): Html {
  const button = (lang: Lang) =>
    html`<button type="submit" name="lang" value="${lang}" lang="${lang}"${
      lang === w.lang ? html` class="current" aria-current="true"` : ''
    }>${languageNames[lang]}</button>`;
  return html`<form method="post" action="/admin/language" class="language">${csrfField(viewer.csrf)}
<input type="hidden" name="next" value="${viewer.here}">
<fieldset><legend class="visually-hidden">${w.t.layout.language}</legend>
${langs.map(button)}
</fieldset>
</form>`;
}

function accountMenu(w: Words, viewer: Viewer): Html {
  const t = w.t.layout;
  return html`<nav class="account" aria-label="${t.account}">
<p class="who">${t.signedInAs} <span class="actor">${viewer.actor}</span></p>
<ul>
<li><a href="/admin">${t.sites}</a></li>
<li><a href="/admin/notifications">${t.notifications}</a></li>
${viewer.passwords === false ? '' : html`<li><a href="/admin/password">${t.changePassword}</a></li>`}
<li><form method="post" action="/admin/logout">${csrfField(viewer.csrf)}
<button type="submit" class="link">${t.signOut}</button></form></li>
</ul>
${languageForm(w, viewer)}
</nav>`;
}

function breadcrumbs(w: Words, crumbs: Crumb[], current: string): Html {
  return html`<nav class="crumbs" aria-label="${w.t.layout.youAreHere}">
<ol>${crumbs.map((c) => html`<li><a href="${c.href}">${c.text}</a></li>`)}<li aria-current="page">${current}</li></ol>
</nav>`;
}

export function renderPage(w: Words, page: PageContent & { viewer?: Viewer | undefined }): Html {
  return html`<!doctype html>
<html lang="${w.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} – fantdu</title>
<link rel="stylesheet" href="/admin/static/admin.css">
</head>
<body>
<a class="skip" href="#innhold">${w.t.layout.skip}</a>
<header class="top">
<p class="brand"><a href="/admin">fantdu</a> <span class="tagline">${w.t.layout.tagline}</span></p>
${page.viewer ? accountMenu(w, page.viewer) : ''}
</header>
<main id="innhold" tabindex="-1">
${page.crumbs?.length ? breadcrumbs(w, page.crumbs, page.heading ?? page.title) : ''}
<h1>${page.heading ?? page.title}</h1>
${page.body}
</main>
</body>
</html>
`;
}
