import Router from '@koa/router';
import { html } from '../http/html.ts';

/** `/`: a plain page that shows what fantdu is, for the `demo` site that a first start makes. */
export function demoRoutes(publicUrl: string): Router {
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = html`<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fantdu – demo</title>
</head>
<body>
<main>
<h1>fantdu</h1>
<p>«Fant du det du lette etter?» – tilbakemeldinger fra innbyggere, uten informasjonskapsler og uten personopplysninger.</p>
<p>Denne siden hører til nettstedet <code>demo</code>. Slik bygger du inn skjemaet på en side:</p>
<pre><code>${`<div data-fantdu-site="demo"></div>\n<script src="${publicUrl}/widget.js" async></script>`}</code></pre>
</main>
</body>
</html>
`.value;
  });
  return router;
}
