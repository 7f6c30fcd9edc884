import type { Context } from 'koa';
import { type Html, html } from '../html.ts';

/**
 * An HTML page of fantdu's own (embed, thank-you, demo): plain markup that works without JavaScript, under a CSP
 * that allows nothing inline. `frameAncestors` are the origins that may show it in an iframe.
 */
export function sendPage(
  ctx: Context,
  page: { lang: string; title: string; body: Html; frameAncestors?: readonly string[]; scripts?: boolean },
  status?: number,
): void {
  const ancestors = page.frameAncestors?.length ? page.frameAncestors.join(' ') : "'none'";
  ctx.set(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; " +
      `frame-ancestors ${ancestors}` +
      (page.scripts ? "; script-src 'self'; connect-src 'self'" : ''),
  );
  if (status !== undefined) ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html`<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="/static/page.css">
</head>
<body>
<main>
${page.body}
</main>
</body>
</html>
`.value;
}
