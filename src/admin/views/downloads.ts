import { type Html, html } from '../../html.ts';
import { links, type Params } from '../links.ts';
import type { Words } from '../words.ts';

/** The feedback a page shows, to download with the same filters: as CSV (`;`, for Excel in Norway) and as Excel. */
export function downloads(w: Words, siteId: string, filters: Params, csvText: string): Html {
  return html`<p class="downloads"><a href="${links.csv(siteId, filters)}">${csvText}</a> ·
<a href="${links.xlsx(siteId, filters)}">${w.t.downloads.excel}</a></p>`;
}
