import { html, type Html } from '../http/html.ts';
import type { Lang } from '../values.ts';
import { texts } from './texts.ts';

/** What the thank-you page says back of a post. */
export interface ThankedPost {
  site: string;
  url: URL;
  found: boolean;
  comment: string | undefined;
  lang: Lang | undefined;
}

/** The answer to a form post (no JavaScript): thanks, the comment form when there is no comment yet, a link back. */
export function thankYouBody(post: ThankedPost, id: string, linkBack: boolean): Html {
  const lang = post.lang ?? 'nb';
  const t = texts[lang];
  // The page without its query string and fragment, which may carry personal data.
  const page = `${post.url.origin}${post.url.pathname}`;
  const commentForm = html`
<form method="post" action="/api/v1/feedback">
<input type="hidden" name="id" value="${id}">
<input type="hidden" name="site" value="${post.site}">
<input type="hidden" name="url" value="${page}">
<input type="hidden" name="found" value="${post.found ? 'yes' : 'no'}">
<input type="hidden" name="lang" value="${lang}">
<label for="fantdu-comment">${post.found ? t.commentAfterYes : t.commentAfterNo}</label>
<p id="fantdu-hint" class="hint">${t.hint} <a href="/privacy?site=${post.site}&amp;lang=${lang}">${t.privacy}</a></p>
<textarea id="fantdu-comment" name="comment" rows="4" maxlength="1000" aria-describedby="fantdu-hint"></textarea>
<p><button type="submit">${t.send}</button></p>
</form>`;
  return html`<h1>${post.comment ? t.thanksComment : t.thanks}</h1>
${post.comment ? '' : commentForm}
${linkBack ? html`<p><a href="${page}" target="_top">${t.back}</a></p>` : ''}`;
}
