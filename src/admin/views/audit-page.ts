import type { AuditItem } from '../../audit/audit-log.ts';
import { html } from '../../html.ts';
import { links, type SiteRef } from '../links.ts';
import { textFor, type Words } from '../words.ts';
import type { PageContent } from './layout.ts';
import { paging } from './site-report-page.ts';

/** What an entry says was done; an export names its format (a CSV's entry has none, as before Excel came). */
export function actionText(w: Words, action: string, details: Record<string, unknown> = {}): string {
  const t = w.t.audit;
  return action === 'feedback.export' && details.format === 'xlsx'
    ? t.excelExport
    : (textFor(t.actions, action) ?? action);
}

/**
 * What else the log says, as text: a status change as "Ny → Lest", the rest as "name: value". It holds no comment text.
 */
function detailsText(w: Words, item: AuditItem): string {
  const { values, audit } = w.t;
  const name = (key: string) => textFor(audit.names, key) ?? textFor(values.redactions, key) ?? key;
  const word = (value: unknown): string => {
    if (typeof value === 'string') return textFor(values.statuses, value) ?? textFor(values.roles, value) ?? value;
    if (value === null || (Array.isArray(value) && value.length === 0)) return '–';
    if (Array.isArray(value)) return value.map(word).join(', ');
    if (value && typeof value === 'object' && 'from' in value && 'to' in value)
      return `${word(value.from)} → ${word(value.to)}`;
    if (value && typeof value === 'object')
      return Object.entries(value)
        .map(([key, v]) => `${name(key)} ${word(v)}`)
        .join(', ');
    return String(value);
  };
  const { from, to, ...rest } = item.details;
  const change = item.action === 'feedback.status' ? [`${word(from)} → ${word(to)}`] : [];
  const others = Object.entries(item.action === 'feedback.status' ? rest : item.details).map(
    ([key, value]) => `${name(key)}: ${word(value)}`,
  );
  return [...change, ...others].join('; ');
}

export function auditPage(
  w: Words,
  site: SiteRef,
  items: AuditItem[],
  next: string | undefined,
  paged: boolean,
): PageContent {
  const t = w.t.audit;
  return {
    title: t.title(site.name),
    crumbs: [
      { href: '/admin', text: w.t.layout.sites },
      { href: links.siteReport(site.id), text: site.name },
    ],
    body: html`<p>${t.intro}</p>
${
  items.length
    ? html`<div class="table-wrap" role="region" aria-labelledby="audit-caption" tabindex="0">
<table>
<caption id="audit-caption" class="visually-hidden">${t.caption}</caption>
<thead><tr>
<th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.what}</th>
<th scope="col">${t.target}</th><th scope="col">${t.details}</th>
</tr></thead>
<tbody>
${items.map(
  (i) =>
    html`<tr>
<td class="when"><time datetime="${i.at}">${w.dateTime(i.at)}</time></td>
<td>${i.actor}</td>
<td>${actionText(w, i.action, i.details)}</td>
<td class="target">${i.target ?? ''}</td>
<td class="details">${detailsText(w, i)}</td>
</tr>`,
)}
</tbody>
</table>
</div>`
    : html`<p>${t.empty}</p>`
}
${paging(w, t.more, paged ? links.audit(site.id) : undefined, next && links.audit(site.id, { before: next }))}`,
  };
}
