import type { AuditItem } from '../../audit/audit-log.ts';
import { html } from '../../html.ts';
import { actionLabel, osloDateTimeText, roleLabels, statusLabels } from '../format.ts';
import { links, type SiteRef } from '../links.ts';
import type { PageContent } from './layout.ts';
import { paging } from './site-report-page.ts';

const words: Record<string, string> = { ...statusLabels, ...roleLabels };
const names: Record<string, string> = {
  path: 'side',
  pathPrefix: 'sti',
  filters: 'utvalg',
  sep: 'skilletegn',
  role: 'rolle',
  from: 'fra',
  to: 'til',
  found: 'svar',
  hasComment: 'kommentar',
  q: 'søk',
  name: 'navn',
  origins: 'adresser',
  controller: 'behandlingsansvarlig',
  contact: 'kontakt',
  dpo: 'personvernombud',
  legalBasis: 'rettslig grunnlag',
  processors: 'databehandlere',
  hosting: 'lagringssted',
};
const name = (key: string) => names[key] ?? key;

function word(value: unknown): string {
  if (typeof value === 'string') return words[value] ?? value;
  if (value === null || (Array.isArray(value) && value.length === 0)) return '–';
  if (Array.isArray(value)) return value.map(word).join(', ');
  if (value && typeof value === 'object' && 'from' in value && 'to' in value)
    return `${word(value.from)} → ${word(value.to)}`;
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([key, v]) => `${name(key)} ${word(v)}`)
      .join(', ');
  return String(value);
}

/**
 * What else the log says, as text: a status change as "Ny → Lest", the rest as "name: value". It holds no comment text.
 */
function detailsText(item: AuditItem): string {
  const { from, to, ...rest } = item.details;
  const change = item.action === 'feedback.status' ? [`${word(from)} → ${word(to)}`] : [];
  const others = Object.entries(item.action === 'feedback.status' ? rest : item.details).map(
    ([key, value]) => `${name(key)}: ${word(value)}`,
  );
  return [...change, ...others].join('; ');
}

export function auditPage(site: SiteRef, items: AuditItem[], next: string | undefined, paged: boolean): PageContent {
  return {
    title: `Logg for ${site.name}`,
    crumbs: [
      { href: '/admin', text: 'Nettsteder' },
      { href: links.siteReport(site.id), text: site.name },
    ],
    body: html`<p>Hvem som gjorde hva og når: innlogginger, nedlastinger, statusendringer, slettinger, brukere og
API-nøkler. Nyeste først.</p>
${
  items.length
    ? html`<div class="table-wrap" role="region" aria-labelledby="audit-caption" tabindex="0">
<table>
<caption id="audit-caption" class="visually-hidden">Hendelser, nyeste først</caption>
<thead><tr>
<th scope="col">Tid</th><th scope="col">Hvem</th><th scope="col">Hva</th>
<th scope="col">Gjelder</th><th scope="col">Detaljer</th>
</tr></thead>
<tbody>
${items.map(
  (i) =>
    html`<tr>
<td class="when"><time datetime="${i.at}">${osloDateTimeText(i.at)}</time></td>
<td>${i.actor}</td>
<td>${actionLabel(i.action, i.details)}</td>
<td class="target">${i.target ?? ''}</td>
<td class="details">${detailsText(i)}</td>
</tr>`,
)}
</tbody>
</table>
</div>`
    : html`<p>Loggen er tom.</p>`
}
${paging('Flere hendelser', paged ? links.audit(site.id) : undefined, next && links.audit(site.id, { before: next }))}`,
  };
}
