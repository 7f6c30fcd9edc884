import { type Html, html } from '../html.ts';
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

/** The page without its query string and fragment, which may carry personal data. */
const pageOf = (post: ThankedPost) => `${post.url.origin}${post.url.pathname}`;

/** The fields that post an answer again under its id: for its comment, or to try once more. */
function answerFields(post: ThankedPost, id: string): Html {
  return html`<input type="hidden" name="id" value="${id}">
<input type="hidden" name="site" value="${post.site}">
<input type="hidden" name="url" value="${pageOf(post)}">
<input type="hidden" name="found" value="${post.found ? 'yes' : 'no'}">
<input type="hidden" name="lang" value="${post.lang ?? 'nb'}">`;
}

/** The answer to a form post (no JavaScript): thanks, the comment form when there is no comment yet, a link back. */
export function thankYouBody(post: ThankedPost, id: string, linkBack: boolean): Html {
  const lang = post.lang ?? 'nb';
  const t = texts[lang];
  const commentForm = html`
<form method="post" action="/api/v1/feedback">
${answerFields(post, id)}
<label for="fantdu-comment">${post.found ? t.commentAfterYes : t.commentAfterNo}</label>
<p id="fantdu-hint" class="hint">${t.hint} <a href="/privacy?site=${post.site}&amp;lang=${lang}">${t.privacy}</a></p>
<textarea id="fantdu-comment" name="comment" rows="4" maxlength="1000" aria-describedby="fantdu-hint"></textarea>
<p><button type="submit">${t.send}</button></p>
</form>`;
  return html`<h1>${post.comment ? t.thanksComment : t.thanks}</h1>
${post.comment ? '' : commentForm}
${linkBack ? html`<p><a href="${pageOf(post)}" target="_top">${t.back}</a></p>` : ''}`;
}

/**
 * The answer to a form post that ran out of time: it may yet be stored, so the button sends it again with the same
 * id, and the second post is then known for the first.
 */
export function retryBody(post: ThankedPost & { id: string }): Html {
  const t = texts[post.lang ?? 'nb'];
  return html`<h1>${t.notThrough}</h1>
<form method="post" action="/api/v1/feedback">
${answerFields(post, post.id)}
${post.comment ? html`<input type="hidden" name="comment" value="${post.comment}">` : ''}
<p><button type="submit">${t.tryAgain}</button></p>
</form>`;
}
