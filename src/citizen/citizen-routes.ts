import Router from '@koa/router';
import { NotFound } from '../errors.ts';
import { html } from '../html.ts';
import { sendStatic, staticFile } from '../http/static-file.ts';
import { projectRoot } from '../paths.ts';
import type { PrivacyStatement } from '../privacy/privacy-statement.ts';
import type { StatementService } from '../privacy/statement-service.ts';
import type { SiteService } from '../sites/site-service.ts';
import { langOr } from '../values.ts';
import { sendPage } from './page.ts';
import { texts } from './texts.ts';

const widget = staticFile(new URL('dist/widget/widget.js', projectRoot), 'text/javascript; charset=utf-8');
const pageCss = staticFile(new URL('src/citizen/static/page.css', projectRoot), 'text/css; charset=utf-8');

/** What citizens' browsers fetch: the widget, the no-JavaScript form, the demo page and the pages' stylesheet. */
export function citizenRoutes(sites: SiteService, statements: StatementService, publicUrl: string): Router {
  const router = new Router();

  router.get('/widget.js', (ctx) => sendStatic(ctx, widget()));
  router.get('/static/page.css', (ctx) => sendStatic(ctx, pageCss()));

  router.get('/embed', async (ctx) => {
    const siteId = String(ctx.query.site ?? '');
    const site = await sites.get(siteId);
    if (!site) throw new NotFound(`There is no site "${siteId}".`);
    const lang = langOr(ctx.query.lang);
    const t = texts[lang];
    // The page the form is about: `url`, or else the page that shows this one in an iframe (its Referer).
    const given = typeof ctx.query.url === 'string' ? ctx.query.url : ctx.get('Referer');
    const url = URL.canParse(given) ? new URL(given) : undefined;
    const page = url && site.origins.includes(url.origin) ? `${url.origin}${url.pathname}` : undefined;
    sendPage(ctx, {
      lang,
      title: t.title,
      frameAncestors: site.origins,
      // The form is what a page includes; the heading is for this page alone (in an iframe, say).
      body: html`<h1 class="visually-hidden">${t.title}</h1>
<form method="post" action="${publicUrl}/api/v1/feedback" class="fantdu"
 data-fantdu-site="${site.id}" data-fantdu-lang="${lang}">
<input type="hidden" name="site" value="${site.id}">
<input type="hidden" name="lang" value="${lang}">
${page ? html`<input type="hidden" name="url" value="${page}">` : ''}
<div hidden><label>Website <input name="website" tabindex="-1" autocomplete="off"></label></div>
<p class="q" id="fantdu-question">${t.question}</p>
<div role="group" aria-labelledby="fantdu-question">
<button type="submit" name="found" value="yes">${t.yes}</button>
<button type="submit" name="found" value="no">${t.no}</button>
</div>
<p class="hint"><a href="${publicUrl}/privacy?site=${site.id}&amp;lang=${lang}" target="_top">${t.privacy}</a></p>
</form>`,
    });
  });

  router.get('/privacy', async (ctx) => {
    const { site, statement } = await statements.statement(String(ctx.query.site ?? ''), langOr(ctx.query.lang));
    ctx.vary('Accept');
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.body = statement;
      return;
    }
    sendPage(ctx, {
      lang: statement.lang,
      title: statement.title,
      frameAncestors: site.origins,
      body: privacyBody(statement),
    });
  });

  router.get('/', (ctx) =>
    sendPage(ctx, {
      lang: 'nb',
      title: 'fantdu – demo',
      scripts: true,
      body: html`<h1>fantdu</h1>
<p>«Fant du det du lette etter?» – tilbakemeldinger fra innbyggere, uten informasjonskapsler og uten
personopplysninger.</p>
<p>Denne siden hører til nettstedet <code>demo</code>. Skjemaet under er det innbyggerne ser. Slik bygger du det inn
på en side:</p>
<pre><code>${`<div data-fantdu-site="demo"></div>\n<script src="${publicUrl}/widget.js" async></script>`}</code></pre>
<div data-fantdu-site="demo"></div>
<script src="/widget.js" async></script>`,
    }),
  );

  return router;
}

function privacyBody(s: PrivacyStatement) {
  const h = s.headings;
  const list = (items: string[]) => (items.length ? html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>` : '');
  const mail = (address: string | null) => (address ? html`<a href="mailto:${address}">${address}</a>` : '–');
  return html`<h1>${s.title}</h1>
<dl>
<dt>${h.controller}</dt><dd>${s.controller.name}</dd>
<dt>${h.contact}</dt><dd>${mail(s.controller.contact)}</dd>
<dt>${h.dpo}</dt><dd>${mail(s.controller.dpo)}</dd>
</dl>
<h2>${h.collected}</h2>
${list(s.collected)}
<h2>${h.notCollected}</h2>
${list(s.notCollected)}
<h2>${h.purpose}</h2>
<p>${s.purpose}</p>
<h2>${h.legalBasis}</h2>
<p>${s.legalBasis.text}</p>
<h2>${h.retention}</h2>
<p>${s.retention.text}</p>
<h2>${h.processing}</h2>
<p>${s.processing}</p>
<p>${s.processors.text}</p>
${list(s.processors.names)}
<p>${s.hosting.text}</p>
<h2>${h.logs}</h2>
<p>${s.logs}</p>
<h2>${h.rights}</h2>
${list(s.rights)}
<h2>${h.complaint}</h2>
<p>${s.complaint.text} <a href="${s.complaint.url}">${s.complaint.url.replace('https://', '')}</a></p>
<p>${h.lastChanged}: <time datetime="${s.lastChanged.at}">${s.lastChanged.text}</time></p>`;
}
