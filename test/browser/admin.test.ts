/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { axeViolations, focused, hasChromium, launch, type Stack, startStack } from './harness.ts';

const email = 'redaktor@test.no';
const longPath = '/barnehage/en/veldig/lang/sti/som/ikke/får/plass/på/en/smal/skjerm/uten/å/brytes/';
const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>x</b>';

describe.runIf(hasChromium)('the editors’ pages in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password: string;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  async function submit(path: string, found: boolean, comment?: string): Promise<string> {
    const [id] = await seedFeedback(stack.fantdu.stores, [{ site: 'test', path, found, comment, at: new Date() }]);
    return id as string;
  }

  const status = async (id: string) =>
    (await stack.t.db('feedback').where({ id }).first())?.status as string | undefined;

  beforeAll(async () => {
    stack = await startStack(() => ({}));
    password = (await stack.fantdu.services.users.addUser(email, 'test', 'admin')).password as string;
    await submit('/skole/', false, hostile);
    await submit('/skole/', false, 'Fant ikke skjemaet.\nRing meg på 912 34 567');
    await submit('/skole/', true);
    await submit(longPath, false, 'Lang sti');
    browser = await launch();
    // A browser set up for Norway: before login, /admin follows its Accept-Language (nb-NO).
    context = await browser.newContext({ locale: 'nb-NO' });
    page = await context.newPage();
    page.setDefaultTimeout(5000);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
  });

  async function tabTo(target: string, limit = 20): Promise<void> {
    for (let i = 0; i < limit && (await focused(page)) !== target; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(target);
  }

  const outlineOfFocused = () =>
    page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : ''));

  it('logs in with the keyboard alone (Tab, type, Enter); the login page has no axe violations', async () => {
    await page.goto(`${stack.api}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo('a:Hopp til innholdet');
    expect(await outlineOfFocused()).toBe('solid');
    await tabTo('input:email');
    expect(await outlineOfFocused()).toBe('solid');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:password');
    await page.keyboard.type('feil passord');
    await page.keyboard.press('Enter');
    await page.getByText('Feil e-post eller passord.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Passord').fill(password);
    await page.getByLabel('Passord').focus();
    await Promise.all([page.waitForURL(`${stack.api}/admin`), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: 'Nettstedene dine' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the site report: pages with their counts and share bars; no axe violations', async () => {
    await page.getByRole('link', { name: 'Test kommune', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Test kommune' }).waitFor();
    const row = page.getByRole('row', { name: /\/skole\// });
    expect((await row.getByRole('cell').allTextContents()).map((text) => text.trim())).toEqual([
      '1',
      '2',
      '3',
      '67\u00a0%',
      '0',
      '–ingen visninger',
      '2',
      expect.stringMatching(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/),
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Sorter etter').selectOption('path');
    await page.getByRole('radio', { name: 'Siste 7 dager' }).check();
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForURL(/sort=path/);
    expect(page.url()).toContain('period=7');
    const pages = page.getByRole('table', { name: /Sider med svar/ });
    expect(await pages.getByRole('row').nth(1).textContent()).toContain('/barnehage/');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a term leads to its comments, where a comment is put in a theme by keyboard; no axe violations', async () => {
    const report = page.url();
    await page.goto(`${stack.api}/admin/sites/test`);
    const terms = page.getByRole('table', { name: 'Ord og uttrykk i kommentarene' });
    await terms.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await terms.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Kommentarer' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const select = page.getByLabel('Legg i tema').first();
    await select.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#fb-/);
    expect(await page.locator('.chip-editor').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack.api}/admin/sites/test/themes`);
    await page.getByRole('heading', { level: 1, name: 'Temaer' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(report);
  });

  it('the page report: chart, table and comments as text (no element made, no alert); no axe violations', async () => {
    await page.getByRole('link', { name: '/skole/', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '/skole/' }).waitFor();
    expect(await page.getByRole('img', { name: 'Ja og nei per dag' }).count()).toBe(1);
    expect(await page.locator('.comment').filter({ hasText: 'alert(2)' }).textContent()).toBe(hostile);
    expect(await page.locator('.comment img, .comment script, .comment b, main img').count()).toBe(0);
    expect(await page.getByText('Fjernet: telefon').count()).toBe(1);
    expect(
      await page
        .locator('.comment')
        .nth(0)
        .evaluate((el) => getComputedStyle(el).whiteSpace),
    ).toBe('pre-wrap');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByText('Tallene i diagrammet').click();
    expect(await page.getByRole('table', { name: 'Ja og nei per dag' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('changes a status with the keyboard (Tab to the button, Enter)', async () => {
    const item = page.locator('.feedback').filter({ hasText: 'Fant ikke skjemaet.' });
    const id = ((await item.getAttribute('id')) as string).slice(3);
    expect(await status(id)).toBe('new');
    await item.getByRole('button', { name: 'Ny' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Lest');
    expect(await outlineOfFocused()).toBe('solid');
    await Promise.all([page.waitForURL(new RegExp(`#fb-${id}$`)), page.keyboard.press('Enter')]);
    await page.locator(`#fb-${id} button[aria-current="true"]`).waitFor();
    expect(await page.locator(`#fb-${id} button[aria-current="true"]`).textContent()).toBe('Lest');
    expect(await status(id)).toBe('read');
  });

  it('exports what is shown as CSV: a download with a BOM and ; between the fields', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Last ned disse tilbakemeldingene som CSV' }).click(),
    ]);
    const bytes = await readFile((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('id;createdAt;path;found;comment;redactions;status;lang;themes');
    expect(text).toContain(hostile.replace(/"/g, '""'));
  });

  it('deletes after a confirmation page; no axe violations there', async () => {
    const id = await submit('/skole/', false, 'Slett meg');
    await page.reload();
    await page
      .locator(`#fb-${id}`)
      .getByRole('link', { name: /^Slett/ })
      .click();
    await page.getByRole('heading', { name: 'Er du sikker?' }).waitFor();
    expect(await page.getByText('Slett meg').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Avbryt' }).click();
    await page.getByRole('heading', { level: 1, name: '/skole/' }).waitFor();
    expect(await status(id)).toBe('new');
    await page
      .locator(`#fb-${id}`)
      .getByRole('link', { name: /^Slett/ })
      .click();
    await page.getByRole('button', { name: 'Ja, slett' }).click();
    await page.getByText('Tilbakemeldingen er slettet.').waitFor();
    expect(await status(id)).toBeUndefined();
    expect(await page.locator(`#fb-${id}`).count()).toBe(0);
  });

  it('the password and audit pages have no axe violations', async () => {
    await page.getByRole('link', { name: 'Bytt passord' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bytt passord' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Nåværende passord').fill('feil passord her');
    await page.getByLabel('Nytt passord', { exact: true }).fill('et nytt langt passord');
    await page.getByLabel('Gjenta nytt passord').fill('et nytt langt passord');
    await page.getByRole('button', { name: 'Bytt passord' }).click();
    await page.getByText('Det nåværende passordet er feil.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack.api}/admin/sites/test/audit`);
    await page.getByRole('heading', { level: 1, name: 'Logg for Test kommune' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Endret status' }).count()).toBe(1);
    expect(await page.getByText('Slett meg').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack.api}/admin/sites/annen`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('at 320 px no page scrolls sideways (wide tables scroll inside their wrapper)', async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 320, height: 640 });
    const skole = (await stack.t.db('feedback').where({ path: '/skole/' }).first()).id as string;
    for (const path of [
      '/admin',
      '/admin/sites/test',
      '/admin/sites/test/page?path=%2Fskole%2F',
      `/admin/sites/test/page?path=${encodeURIComponent(longPath)}`,
      `/admin/sites/test/feedback/${skole}/delete`,
      '/admin/password',
      '/admin/sites/test/audit',
    ]) {
      await narrow.goto(`${stack.api}${path}`);
      const overflow = await narrow.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await narrow.close();
  });

  it('switches the language with the header’s own buttons, and keeps it from page to page', async () => {
    const lang = () => page.evaluate(() => document.documentElement.lang);
    await page.goto(`${stack.api}/admin/sites/test`);
    expect(await lang()).toBe('nb');
    await page.getByRole('button', { name: 'Nynorsk' }).focus();
    await Promise.all([page.waitForURL(`${stack.api}/admin/sites/test`), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 2, name: 'Kva leitar folk etter?' }).waitFor();
    expect(await lang()).toBe('nn');
    expect(await page.getByRole('button', { name: 'Nynorsk' }).getAttribute('aria-current')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Konto' }).getByRole('link', { name: 'Nettstader' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nettstadene dine' }).waitFor();
    expect(await lang()).toBe('nn');
    await page.getByRole('link', { name: 'Byt passord' }).click();
    await page.getByRole('heading', { level: 1, name: 'Byt passord' }).waitFor();
    expect(await lang()).toBe('nn');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(`${stack.api}/admin/password`);
    await page.getByRole('heading', { level: 1, name: 'Change password' }).waitFor();
    expect(await lang()).toBe('en');
    await page.goto(`${stack.api}/admin/sites/test/page?path=%2Fskole%2F`);
    expect(await page.getByRole('img', { name: 'Yes and no per day' }).count()).toBe(1);
    expect(await lang()).toBe('en');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Bokmål' }).click();
    await page.getByRole('img', { name: 'Ja og nei per dag' }).waitFor();
    expect(await lang()).toBe('nb');
  });

  it('logs out', async () => {
    await page.goto(`${stack.api}/admin`);
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.waitForURL(`${stack.api}/admin/login`);
    await page.goto(`${stack.api}/admin/sites/test`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await axeViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
