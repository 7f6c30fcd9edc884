import { html } from '../../html.ts';
import type { Role } from '../../values.ts';
import { roleLabels } from '../format.ts';
import { links } from '../links.ts';
import type { PageContent } from './layout.ts';

export interface SiteEntry {
  id: string;
  name: string;
  role: Role;
}

export function sitesPage(sites: SiteEntry[]): PageContent {
  return {
    title: 'Nettstedene dine',
    body: sites.length
      ? html`<ul class="sites">
${sites.map(
  (s) =>
    html`<li><a href="${links.siteReport(s.id)}">${s.name}</a>
<span class="muted">(${s.id}, ${roleLabels[s.role]})</span>${
      s.role === 'admin'
        ? html` · <a href="${links.audit(s.id)}">Logg<span class="visually-hidden"> for ${s.name}</span></a>`
        : ''
    }</li>`,
)}
</ul>`
      : html`<p>Du har ikke tilgang til noe nettsted ennå. Be en administrator om tilgang.</p>`,
  };
}
