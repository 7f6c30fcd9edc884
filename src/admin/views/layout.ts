import { type Html, html } from '../../html.ts';

export interface Viewer {
  actor: string;
  csrf: string;
  /** false where password sign-in is off: then there is no password to change. */
  passwords?: boolean;
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

export const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function accountMenu(viewer: Viewer): Html {
  return html`<nav class="account" aria-label="Konto">
<p class="who">Logget inn som <span class="actor">${viewer.actor}</span></p>
<ul>
<li><a href="/admin">Nettsteder</a></li>
<li><a href="/admin/notifications">Varsler og e-post</a></li>
${viewer.passwords === false ? '' : html`<li><a href="/admin/password">Bytt passord</a></li>`}
<li><form method="post" action="/admin/logout">${csrfField(viewer.csrf)}
<button type="submit" class="link">Logg ut</button></form></li>
</ul>
</nav>`;
}

function breadcrumbs(crumbs: Crumb[], current: string): Html {
  return html`<nav class="crumbs" aria-label="Du er her">
<ol>${crumbs.map((c) => html`<li><a href="${c.href}">${c.text}</a></li>`)}<li aria-current="page">${current}</li></ol>
</nav>`;
}

export function renderPage(page: PageContent & { viewer?: Viewer | undefined }): Html {
  return html`<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} – fantdu</title>
<link rel="stylesheet" href="/admin/static/admin.css">
</head>
<body>
<a class="skip" href="#innhold">Hopp til innholdet</a>
<header class="top">
<p class="brand"><a href="/admin">fantdu</a> <span class="tagline">tilbakemeldinger</span></p>
${page.viewer ? accountMenu(page.viewer) : ''}
</header>
<main id="innhold" tabindex="-1">
${page.crumbs?.length ? breadcrumbs(page.crumbs, page.heading ?? page.title) : ''}
<h1>${page.heading ?? page.title}</h1>
${page.body}
</main>
</body>
</html>
`;
}
