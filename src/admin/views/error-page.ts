import { html } from '../../html.ts';
import { textFor, type Words } from '../words.ts';
import type { PageContent } from './layout.ts';

/** A failure, said in the page's language: what went wrong (never the English detail of the API), and a way on. */
export function errorPage(
  w: Words,
  status: number,
  problem: { detail?: string | undefined; fields: string[] },
): PageContent {
  const texts = w.t.errorPage;
  const known = Object.hasOwn(texts.byStatus, status) ? status : status < 500 ? 400 : 500;
  const [title, text] = texts.byStatus[known as keyof typeof texts.byStatus];
  const fieldName = (field: string) => textFor(texts.fields, field) ?? field;
  const fields = [...new Set(problem.fields.map((f) => fieldName(f.split('.')[0] as string)))];
  return {
    title,
    body: html`<p>${problem.detail ?? text}</p>
${fields.length ? html`<p>${texts.check(fields.join(', '))}</p>` : ''}
<p><a href="/admin">${texts.toSites}</a></p>`,
  };
}
