import { type Html, html } from '../../html.ts';
import type { Watch } from '../../notifications/notification.ts';
import { links } from '../links.ts';
import type { AdminTexts, Words } from '../words.ts';
import { csrfField } from './layout.ts';

/** What the pages say after a watch is made or removed, by the notice in their address. */
export const watchNotices = (t: AdminTexts) => ({ folger: t.notices.watching, 'folger-ikke': t.notices.notWatching });

/** What a watch is called: the page itself, or every page under a path. */
export const watchText = (w: Words, watch: Watch) =>
  'path' in watch
    ? html`${w.t.watch.page} <code>${watch.path}</code>`
    : html`${w.t.watch.under} <code>${watch.pathPrefix}</code>`;

/** One button that starts or stops watching a page or a prefix, and comes back to `back`. */
export function watchForm(w: Words, siteId: string, watch: Watch, watching: boolean, csrf: string, back: string): Html {
  const t = w.t.watch;
  const [kind, path] = 'path' in watch ? ['path', watch.path] : ['prefix', watch.pathPrefix];
  const label = kind === 'path' ? (watching ? t.stop : t.start) : watching ? t.stopUnder(path) : t.startUnder(path);
  return html`<form method="post" action="${links.watches(siteId)}" class="inline watch">
${csrfField(csrf)}<input type="hidden" name="back" value="${back}">
<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="path" value="${path}">
<input type="hidden" name="action" value="${watching ? 'remove' : 'add'}">
<button type="submit">${label}</button>
</form>`;
}
