/// <reference lib="dom" />

import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  const notice = `No Chromium at ${chromiumPath} (set CHROMIUM_PATH, or apt-get install -y chromium): tests skipped.`;
  if (process.env.CI === 'true') throw new Error(`${notice} With CI=true that is a failure.`);
  console.warn(`\n*** ${notice} ***\n`);
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

export interface Stack {
  fantdu: TestApp;
  t: TestDb;
  /** fantdu, as citizens' browsers reach it. */
  api: string;
  /** The municipality's website: another origin. */
  host: string;
  /** Its pages by path; tests may add more. */
  pages: HostPages;
  close(): Promise<void>;
}

/** The host pages a municipality might have; `{api}` and `{host}` are filled in. */
export type HostPages = Record<string, { html: string; headers?: Record<string, string> }>;

/** fantdu on one port, a municipality's website on another origin, the `test` site allowing that origin. */
export async function startStack(
  pages: (urls: { api: string; host: string }) => HostPages,
  env: Record<string, string> = {},
): Promise<Stack> {
  const t = await createTestDb();
  const apiServer = createServer();
  const hostServer = createServer();
  const [apiPort, hostPort] = await Promise.all([listen(apiServer), listen(hostServer)]);
  const api = `http://127.0.0.1:${apiPort}`;
  const host = `http://localhost:${hostPort}`;
  const fantdu = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: api, FANTDU_RATE_LIMIT: '1000/60', ...env } });
  await fantdu.services.sites.add({ id: 'test', name: 'Test kommune', origins: [host] });
  apiServer.on('request', fantdu.callback);
  const served = pages({ api, host });
  hostServer.on('request', (req, res) => {
    const page = served[new URL(req.url ?? '/', host).pathname];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': page.html.startsWith('<!doctype') ? 'text/html; charset=utf-8' : 'text/css',
      ...page.headers,
    });
    res.end(page.html);
  });
  return {
    fantdu,
    t,
    api,
    host,
    pages: served,
    async close() {
      apiServer.closeAllConnections();
      hostServer.closeAllConnections();
      await Promise.all([new Promise((r) => apiServer.close(r)), new Promise((r) => hostServer.close(r))]);
      await fantdu.close();
      await t.drop();
    },
  };
}

export function hostPage(api: string, body: string, lang = 'nb'): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kommunen</title></head>
<body><main><h1>Skole og barnehage</h1><p>Innhold på siden.</p>${body}</main>
<script src="${api}/widget.js" async></script>
</body>
</html>`;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA and best-practice rules on the page as it is now; returns the violations. */
export async function axeViolations(page: Page): Promise<{ id: string; nodes: number; help: string }[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  });
}

/** The element that has focus, looking into shadow roots. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim() || el.getAttribute('id') || ''}` : 'none';
  });
}
