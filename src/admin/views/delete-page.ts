import { html } from '../../html.ts';
import type { FeedbackItem } from '../../reports/report.ts';
import { links, type SiteRef } from '../links.ts';
import { commentBlock, feedbackMeta } from './feedback-list.ts';
import { csrfField, type PageContent } from './layout.ts';

export function deletePage(site: SiteRef, item: FeedbackItem, csrf: string, back: string): PageContent {
  return {
    title: 'Slette tilbakemeldingen?',
    crumbs: [
      { href: '/admin', text: 'Nettsteder' },
      { href: links.siteReport(site.id), text: site.name },
      { href: back, text: item.path },
    ],
    body: html`<div class="feedback">
<p>Side: <code>${item.path}</code></p>
${feedbackMeta(item)}
${commentBlock(item)}
</div>
<h2>Er du sikker?</h2>
<p>Tilbakemeldingen slettes for godt, med kommentaren. Den kan ikke hentes tilbake.</p>
<form method="post" action="${links.delete(site.id, item.id)}" class="actions">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<button type="submit" class="danger">Ja, slett</button>
<a href="${back}">Avbryt</a>
</form>`,
  };
}
