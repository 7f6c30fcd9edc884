/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { type SsoStack, startSsoStack } from '../helpers/sso-stack.ts';
import { axeViolations, hasChromium, launch } from './harness.ts';

describe.runIf(hasChromium)('single sign-on in Chromium, through /admin/login', () => {
  let stack: SsoStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    // A browser set up for Norway: before login, /admin follows its Accept-Language (nb-NO).
    const context = await browser.newContext({ locale: 'nb-NO' });
    contexts.push(context);
    const page = await context.newPage();
    // Chromium, the provider and fantdu share two cores with the rest of the suite: waits get room.
    page.setDefaultTimeout(20_000);
    return page;
  }

  /** From /admin, as a person would: the sign-in button, the provider's form, and back. */
  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto(`${stack.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByRole('link', { name: 'Logg inn med Kommunens innlogging' }).click();
    await page.getByLabel('Brukernavn').fill(login);
    await Promise.all([
      page.waitForURL((url) => url.origin === stack.url),
      page.getByRole('button', { name: 'Logg inn hos kommunen' }).click(),
    ]);
  }

  beforeAll(async () => {
    stack = await startSsoStack();
    await stack.fantdu.services.sites.add({ id: 'kommune', name: 'Sandnes kommune', origins: ['https://sandnes.no'] });
    await stack.fantdu.services.grants.grant('kommune', { claim: 'redaktorer' }, 'editor');
    await seedFeedback(stack.fantdu.stores, [
      { site: 'kommune', path: '/skole/skoleskyss/', found: false, comment: 'Fant ikke søknaden', at: new Date() },
    ]);
    stack.provider.people = {
      kari: { email: 'kari@sandnes.kommune.no', email_verified: true, groups: ['redaktorer'] },
      per: { email: 'per@sandnes.kommune.no', email_verified: true, groups: ['vaktmestere'] },
    };
    browser = await launch();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.close();
  });

  it('a person in the granted group signs in and sees the site’s report; the login page passes axe', async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/admin/login`);
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, 'kari');
    expect(page.url()).toBe(`${stack.url}/admin`);
    await page.getByRole('link', { name: 'Sandnes kommune' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sandnes kommune' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('/skole/skoleskyss/');
    expect((await page.context().cookies()).find((c) => c.name === 'fantdu_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });
  });

  it('a person without a grant is told so, and sees nothing', async () => {
    const page = await newPage();
    await signIn(page, 'per');
    await page.getByRole('heading', { level: 1, name: 'Du har ikke tilgang ennå' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('per@sandnes.kommune.no');
    expect(await axeViolations(page)).toEqual([]);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('fantdu_session');
    await page.goto(`${stack.url}/admin/sites/kommune`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });

  it('signs out of fantdu, and then out of the provider, back to the login page', async () => {
    const page = await newPage();
    await signIn(page, 'kari');
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByText('Du er logget ut av fantdu.').waitFor();
    await page.getByRole('link', { name: 'Logg ut hos Kommunens innlogging' }).click();
    await Promise.all([
      page.waitForURL(`${stack.url}/admin/login`),
      page.getByRole('button', { name: /sign me out/i }).click(),
    ]);
    await page.getByRole('link', { name: 'Logg inn med Kommunens innlogging' }).click();
    await page.getByLabel('Brukernavn').waitFor(); // the provider asks again: its session ended too
  });
});
