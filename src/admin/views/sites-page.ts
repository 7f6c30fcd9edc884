import { html } from '../../html.ts';
import type { Role } from '../../values.ts';
import { links } from '../links.ts';
import type { Words } from '../words.ts';
import type { PageContent } from './layout.ts';

export interface SiteEntry {
  id: string;
  name: string;
  role: Role;
}

export function sitesPage(w: Words, sites: SiteEntry[]): PageContent {
  const t = w.t.sites;
  return {
    title: t.title,
    body: sites.length
      ? html`<ul class="sites">
${sites.map(
  (s) =>
    html`<li><a href="${links.siteReport(s.id)}">${s.name}</a>
<span class="muted">(${s.id}, ${w.t.values.roles[s.role]})</span>${
      s.role === 'admin'
        ? html` · <a href="${links.audit(s.id)}">${t.log}<span class="visually-hidden">${t.logOf(s.name)}</span></a>`
        : ''
    }</li>`,
)}
</ul>`
      : html`<p>${t.none}</p>`,
  };
}
