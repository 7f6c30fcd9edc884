import { type Html, html } from '../../html.ts';
import type { Watch } from '../../notifications/notification.ts';
import { links } from '../links.ts';
import { csrfField } from './layout.ts';

/** What the pages say after a watch is made or removed. */
export const watchNotices: Record<string, string> = {
  folger: 'Du følger nå dette. Du får e-post om det slik du har valgt under «Varsler og e-post».',
  'folger-ikke': 'Du følger ikke dette lenger.',
};

/** What a watch is called: the page itself, or every page under a path. */
export const watchText = (watch: Watch) =>
  'path' in watch ? html`siden <code>${watch.path}</code>` : html`alle sider under <code>${watch.pathPrefix}</code>`;

/** One button that starts or stops watching a page or a prefix, and comes back to `back`. */
export function watchForm(siteId: string, watch: Watch, watching: boolean, csrf: string, back: string): Html {
  const [kind, path] = 'path' in watch ? ['path', watch.path] : ['prefix', watch.pathPrefix];
  const label = watching
    ? html`Slutt å følge ${'path' in watch ? 'siden' : html`sidene under ${path}`}`
    : html`Følg ${'path' in watch ? 'siden' : html`sidene under ${path}`}`;
  return html`<form method="post" action="${links.watches(siteId)}" class="inline watch">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="path" value="${path}">
<input type="hidden" name="action" value="${watching ? 'remove' : 'add'}">
<button type="submit">${label}</button>
</form>`;
}
