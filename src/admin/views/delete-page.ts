import { html } from '../../html.ts';
import type { FeedbackItem } from '../../reports/report.ts';
import { links, type SiteRef } from '../links.ts';
import type { Words } from '../words.ts';
import { commentBlock, feedbackMeta } from './feedback-list.ts';
import { csrfField, type PageContent } from './layout.ts';

export function deletePage(w: Words, site: SiteRef, item: FeedbackItem, csrf: string, back: string): PageContent {
  const t = w.t.delete;
  return {
    title: t.title,
    crumbs: [
      { href: '/admin', text: w.t.layout.sites },
      { href: links.siteReport(site.id), text: site.name },
      { href: back, text: item.path },
    ],
    body: html`<div class="feedback">
<p>${t.page} <code>${item.path}</code></p>
${feedbackMeta(w, item)}
${commentBlock(w, item)}
</div>
<h2>${t.sure}</h2>
<p>${t.forGood}</p>
<form method="post" action="${links.delete(site.id, item.id)}" class="actions">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<button type="submit" class="danger">${t.confirm}</button>
<a href="${back}">${t.cancel}</a>
</form>`,
  };
}
