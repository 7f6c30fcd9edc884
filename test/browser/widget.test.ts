/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../src/citizen/texts.ts';
import { axeViolations, focused, hasChromium, hostPage, launch, type Stack, startStack } from './harness.ts';

const hostileCss = `
  * { box-sizing: content-box !important; line-height: 0.5 !important; letter-spacing: 3px; }
  button { display: none !important; }
  p, label { font-size: 4px !important; color: #fff !important; background: #fff !important; }
  div { border: 10px solid red; padding: 40px; }
  textarea { visibility: hidden !important; }
  fantdu-feedback { display: none; color: #eee; }
  main { font-family: Georgia, serif; }
`;

describe.runIf(hasChromium)('the widget in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    stack = await startStack(({ api }) => ({
      '/skole/': { html: hostPage(api, '<div data-fantdu-site="test"></div>') },
      '/nn/': { html: hostPage(api, '<div data-fantdu-site="test"></div>', 'nn') },
      '/en/': { html: hostPage(api, '<div data-fantdu-site="test" data-fantdu-lang="en"></div>', 'nb') },
      '/to-skjema/': {
        html: hostPage(
          api,
          '<div data-fantdu-site="test"></div><p>Mer innhold.</p><div data-fantdu-site="test"></div>',
        ),
      },
      '/streng/': {
        html: hostPage(api, '<link rel="stylesheet" href="/fiendtlig.css"><div data-fantdu-site="test"></div>'),
        headers: {
          'content-security-policy': `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'`,
        },
      },
      '/fiendtlig.css': { html: hostileCss },
      '/langt-nede/': {
        html: hostPage(api, '<div style="height: 3000px">Mye innhold.</div><div data-fantdu-site="test"></div>'),
      },
    }));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function open(path: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(`${stack.host}${path}`);
    return page;
  }

  const stored = (path: string) => stack.t.db('feedback').where({ path }).orderBy('created_at').select();

  it('mouse: Nei, a comment, thanks; the comment arrives scrubbed; no axe violations in any state', async () => {
    const page = await open('/skole/?fnr=02013299997#topp');
    const t = texts.nb;
    await page.getByText(t.question).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: t.no }).click();
    const box = page.getByRole('textbox', { name: t.commentAfterNo });
    await box.waitFor();
    expect(await focused(page)).toBe('textarea:c');
    expect(await page.getByRole('status').textContent()).toBe(t.thanks);
    expect(await page.getByText(t.hint).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await box.fill('Fant ikke skjema for SFO. Ring meg på 912 34 567 eller ola@example.no');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByText(t.thanksComment).waitFor();
    expect(await focused(page)).toBe(`p:${t.thanksComment}`);
    expect(await axeViolations(page)).toEqual([]);

    const rows = await stored('/skole/');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      found: false,
      lang: 'nb',
      comment: 'Fant ikke skjema for SFO. Ring meg på [telefon] eller [e-post]',
    });
  });

  it('keyboard: Tab to Ja, Enter, type, Tab to Send, Enter; focus shows, moves to the box, then thanks', async () => {
    const page = await open('/skole/');
    const t = texts.nb;
    await page.getByText(t.question).waitFor();
    for (let i = 0; i < 10 && (await focused(page)) !== `button:${t.yes}`; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`button:${t.yes}`);
    const outline = await page.evaluate(() => {
      const el = document.querySelector('fantdu-feedback')?.shadowRoot?.activeElement;
      return el ? getComputedStyle(el).outlineStyle : '';
    });
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: t.commentAfterYes }).waitFor();
    expect(await focused(page)).toBe('textarea:c');
    await page.keyboard.type('Åpningstidene');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`button:${t.send}`);
    await page.keyboard.press('Enter');
    await page.getByText(t.thanksComment).waitFor();
    expect(await focused(page)).toBe(`p:${t.thanksComment}`);
    expect((await stored('/skole/')).at(-1)).toMatchObject({ found: true, comment: 'Åpningstidene' });
  });

  it.each([
    ['/nn/', 'nn'],
    ['/en/', 'en'],
  ] as const)('%s speaks %s, from <html lang> or data-fantdu-lang', async (path, lang) => {
    const page = await open(path);
    const t = texts[lang];
    await page.getByText(t.question).waitFor();
    await page.getByRole('button', { name: t.no, exact: true }).click();
    await page.getByRole('textbox', { name: t.commentAfterNo }).fill('x');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByText(t.thanksComment).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect((await stored(path))[0]).toMatchObject({ lang, found: false, comment: 'x' });
  });

  it('works on a page with a strict CSP (no unsafe-inline) and hostile CSS', async () => {
    const violations: string[] = [];
    context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${stack.host}/streng/`);
    const t = texts.nb;
    const yes = page.getByRole('button', { name: t.yes });
    await yes.waitFor();
    const size = await yes.boundingBox();
    expect(size?.height).toBeGreaterThanOrEqual(40);
    const question = await page.evaluate(() => {
      const p = document.querySelector('fantdu-feedback')?.shadowRoot?.querySelector('.q');
      return p
        ? {
            size: getComputedStyle(p).fontSize,
            color: getComputedStyle(p).color,
            family: getComputedStyle(p).fontFamily,
          }
        : undefined;
    });
    expect(question).toEqual({ size: '16px', color: 'rgb(27, 27, 27)', family: 'Georgia, serif' });
    await yes.click();
    const box = page.getByRole('textbox', { name: t.commentAfterYes });
    await box.waitFor();
    expect(await box.isVisible()).toBe(true);
    await box.fill('Bra side');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByText(t.thanksComment).waitFor();
    expect(violations).toEqual([]);
    expect((await stored('/streng/'))[0]).toMatchObject({ found: true, comment: 'Bra side' });
  });

  it('several widgets on one page answer on their own', async () => {
    const page = await open('/to-skjema/');
    const t = texts.nb;
    await page.getByRole('button', { name: t.yes }).first().click();
    await page.getByRole('button', { name: t.no }).last().click();
    await page.getByRole('textbox').nth(1).waitFor();
    const rows = await stored('/to-skjema/');
    expect(rows.map((r: { found: boolean }) => r.found).sort()).toEqual([false, true]);
    expect(new Set(rows.map((r: { id: string }) => r.id)).size).toBe(2);
  });

  it('a failed network is retried twice, then a polite message; a 429 gets one at once', async () => {
    const page = await open('/skole/');
    const t = texts.nb;
    let attempts = 0;
    await page.route(`${stack.api}/api/v1/feedback`, (route) => {
      attempts++;
      return route.abort('connectionrefused');
    });
    await page.getByRole('button', { name: t.no }).click();
    await page.getByText(t.failed).waitFor({ timeout: 10_000 });
    expect(attempts).toBe(3);
    expect(await focused(page)).toBe(`p:${t.failed}`);
    expect(await axeViolations(page)).toEqual([]);

    await page.unroute(`${stack.api}/api/v1/feedback`);
    await page.goto(`${stack.host}/skole/`);
    let limited = 0;
    await page.route(`${stack.api}/api/v1/feedback`, (route) => {
      limited++;
      return route.fulfill({
        status: 429,
        headers: { 'access-control-allow-origin': stack.host, 'retry-after': '60' },
        body: '{}',
      });
    });
    await page.getByRole('button', { name: t.yes }).click();
    await page.getByText(t.tooMany).waitFor();
    expect(limited).toBe(1);
  });

  it('counts a view once, when the question first comes into view, as a text/plain beacon', async () => {
    const views = async (path: string) => {
      await stack.fantdu.services.views.runOnce();
      const row = await stack.t.db('page_views').where({ path }).first(stack.t.db.raw('sum(views)::int as n'));
      return (row?.n as number | null) ?? 0;
    };
    context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const beacons: { type: string | null; body: string | null }[] = [];
    page.on('request', async (r) => {
      if (r.url() === `${stack.api}/api/v1/views`)
        beacons.push({ type: await r.headerValue('content-type'), body: r.postData() });
    });
    await page.goto(`${stack.host}/langt-nede/?fnr=02013299997`);
    const question = page.getByText(texts.nb.question);
    await question.waitFor({ state: 'attached' });
    await page.waitForTimeout(600);
    expect(await views('/langt-nede/')).toBe(0);

    await question.scrollIntoViewIfNeeded();
    await expect.poll(() => views('/langt-nede/'), { timeout: 5000 }).toBe(1);
    // Away and back again: the same page view, not counted again.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await question.scrollIntoViewIfNeeded();
    await page.waitForTimeout(600);
    expect(await views('/langt-nede/')).toBe(1);
    expect(beacons).toHaveLength(1);
    expect(beacons[0]?.type).toMatch(/^text\/plain/);
    expect(JSON.parse(beacons[0]?.body ?? '{}')).toEqual({
      site: 'test',
      url: `${stack.host}/langt-nede/`, // the query string (here a personal number) stays in the browser
    });

    // A new page view is a new count; closing a page before the question is seen counts nothing.
    await page.reload();
    await question.scrollIntoViewIfNeeded();
    await expect.poll(() => views('/langt-nede/'), { timeout: 5000 }).toBe(2);
    const closed = await context.newPage();
    await closed.goto(`${stack.host}/langt-nede/`);
    await closed.getByText(texts.nb.question).waitFor({ state: 'attached' });
    await closed.close();
    await page.waitForTimeout(300);
    expect(await views('/langt-nede/')).toBe(2);
  });

  it('sets no cookie, uses no storage and talks to no one but fantdu', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const setCookies: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('response', async (r) => {
      const cookie = await r.headerValue('set-cookie');
      if (cookie) setCookies.push(cookie);
    });
    await page.goto(`${stack.host}/skole/`);
    const t = texts.nb;
    await page.getByRole('button', { name: t.no }).click();
    await page.getByRole('textbox').fill('Hei');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByText(t.thanksComment).waitFor();
    expect(await context.cookies()).toEqual([]);
    expect(setCookies).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    for (const url of requests) expect(url.startsWith(stack.host) || url.startsWith(stack.api)).toBe(true);
    expect(requests.filter((u) => u.startsWith(stack.api))).toEqual(
      expect.arrayContaining([`${stack.api}/widget.js`, `${stack.api}/api/v1/feedback`]),
    );
  });

  it('fits a 320 px wide screen and 200% zoom without sideways scrolling', async () => {
    for (const setup of [
      { viewport: { width: 320, height: 640 } },
      { viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 },
    ]) {
      const page = await open('/skole/', setup);
      if (setup.deviceScaleFactor) await page.evaluate(() => (document.documentElement.style.zoom = '2'));
      await page.getByRole('button', { name: texts.nb.no }).click();
      await page.getByRole('textbox').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await context.close();
    }
  });

  it('without JavaScript: the /embed form, the thank-you page with its comment form, and the way back', async () => {
    const embed = await (
      await fetch(`${stack.api}/embed?site=test&lang=nn&url=${encodeURIComponent(`${stack.host}/utan-js/?x=1`)}`)
    ).text();
    const form = /<form[\s\S]*<\/form>/.exec(embed)?.[0] ?? '';
    stack.pages['/utan-js/'] = { html: hostPage(stack.api, form, 'nn') };
    const page = await open('/utan-js/', { javaScriptEnabled: false });
    const t = texts.nn;
    await page.getByRole('button', { name: t.no }).click();
    await page.getByRole('heading', { name: t.thanks }).waitFor();
    expect(page.url()).toBe(`${stack.api}/api/v1/feedback`);
    await page.getByRole('textbox', { name: t.commentAfterNo }).fill('Opningstidene for biblioteket, tlf 22 33 44 55');
    await page.getByRole('button', { name: t.send }).click();
    await page.getByRole('heading', { name: t.thanksComment }).waitFor();
    await page.getByRole('link', { name: t.back }).click();
    await page.waitForURL(`${stack.host}/utan-js/`);
    const rows = await stored('/utan-js/');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      found: false,
      lang: 'nn',
      comment: 'Opningstidene for biblioteket, tlf [telefon]',
    });
    expect(await context.cookies()).toEqual([]);
  });

  it('the no-JavaScript pages have no axe violations', async () => {
    // The pages carry no script; JavaScript is on only for axe itself.
    const page = await open('/skole/', { bypassCSP: true });
    await page.goto(`${stack.api}/embed?site=test&lang=nb&url=${encodeURIComponent(`${stack.host}/skole/`)}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: texts.nb.yes }).click();
    await page.getByRole('heading', { name: texts.nb.thanks }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    for (const lang of ['nb', 'nn', 'en']) {
      await page.goto(`${stack.api}/privacy?site=test&lang=${lang}`);
      expect(await axeViolations(page)).toEqual([]);
    }
  });

  it('links to the privacy page from the comment box', async () => {
    const page = await open('/nn/');
    await page.getByRole('button', { name: texts.nn.no }).click();
    const link = page.getByRole('link', { name: texts.nn.privacy });
    expect(await link.getAttribute('href')).toBe(`${stack.api}/privacy?site=test&lang=nn`);
  });
});
