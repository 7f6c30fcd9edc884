import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, textOf } from '../helpers/admin-client.ts';
import { Navigator, type Visit } from '../helpers/navigator.ts';
import { callbackPath, type SsoStack, signInWithProvider, startSsoStack } from '../helpers/sso-stack.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows = async (query: Knex.QueryBuilder) => Number((await query.count({ n: '*' }))[0].n);
const audit = (t: TestDb, action: string) => t.db('audit_log').where({ action }).orderBy('id').select();

/** A page of fantdu's that refused: its status, an HTML page in Norwegian, and no session. */
function expectRefusal(page: Visit, status: number, says: string, browser?: Navigator) {
  expect(page.url.pathname).toBe(callbackPath);
  expect(page.status).toBe(status);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(textOf(page.text)).toContain(says);
  if (browser) expect(browser.cookies(page.url).has('fantdu_session')).toBe(false);
}

describe('single sign-on against a real provider', () => {
  let stack: SsoStack;
  const grants = () => stack.fantdu.services.grants;

  beforeAll(async () => {
    stack = await startSsoStack();
    const { sites } = stack.fantdu.services;
    await sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
    await sites.add({ id: 'skole', name: 'Skolene', origins: ['https://skole.kommune.no'] });
    await sites.add({ id: 'annen', name: 'Annen kommune', origins: ['https://www.annen.no'] });
    stack.provider.people = {
      kari: { email: 'kari@kommune.no', email_verified: true, groups: ['redaktorer', 'alle'] },
      per: { email: 'per@annet.no', email_verified: true, groups: ['alle'] },
      liv: { email: 'liv@bø.kommune.no', email_verified: true, groups: ['redaktorer', 'admins'] },
      nils: { email: 'nils@kommune.no', email_verified: true, groups: ['redaktorer'] },
      ingrid: { email: 'Ingrid@Kommune.no', email_verified: true, groups: [] },
      jon: { email: 'jon@kommune.no', groups: ['redaktorer'] },
      eli: { email: 'eli@kommune.no', xms_edov: true },
      falsk: { email: 'falsk@kommune.no', email_verified: false, groups: ['redaktorer'] },
      anonym: { groups: ['redaktorer'] },
      kari2: { email: 'KARI@kommune.no', email_verified: true, groups: ['redaktorer'] },
    };
    await grants().grant('kommune', { claim: 'redaktorer' }, 'editor');
  });
  afterAll(() => stack?.close());

  it('begins with PKCE, state and nonce, kept in a signed HttpOnly SameSite=Lax cookie for the callback', async () => {
    const res = await fetch(`${stack.url}/admin/login/oidc?next=/admin/sites/kommune`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const authorize = new URL(res.headers.get('location') as string);
    expect(authorize.origin).toBe(stack.provider.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: 'fantdu',
      response_type: 'code',
      redirect_uri: `${stack.url}${callbackPath}`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fantdu_oidc='));
    expect(cookie).toMatch(/; path=\/admin\/login\/oidc;/);
    expect(cookie).toMatch(/; samesite=lax; httponly$/);
    expect(cookie).not.toContain(authorize.searchParams.get('code_challenge'));
  });

  it('shows "Logg inn med" the provider on the login page, beside the password form', async () => {
    const page = await request(stack.fantdu.callback).get('/admin/login?next=/admin/sites/kommune');
    expect(page.text).toContain('<a class="button" href="/admin/login/oidc?next=%2Fadmin%2Fsites%2Fkommune">');
    expect(textOf(page.text)).toContain('Logg inn med Kommunens innlogging');
    expect(page.text).toContain('name="password"');
  });

  it('signs a person in the granted group in, makes them at once, and shows them their site', async () => {
    const { page, browser } = await signInWithProvider(stack, 'kari');
    expect(page.url.href).toBe(`${stack.url}/admin`);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Kommune (kommune, redaktør)');
    expect(textOf(page.text)).not.toMatch(/Annen kommune|Skolene/);
    expect((await browser.visit(`${stack.url}/admin/sites/kommune`)).status).toBe(200);
    expect((await browser.visit(`${stack.url}/api/v1/sites/kommune/pages`)).status).toBe(200);
    expect((await browser.visit(`${stack.url}/admin/sites/annen`)).status).toBe(404);
    expect((await browser.visit(`${stack.url}/admin/sites/kommune/audit`)).status).toBe(403);
    const user = await stack.t.db('users').where({ email: 'kari@kommune.no' }).first();
    expect(user).toMatchObject({ password_hash: null, oidc_issuer: stack.provider.issuer, oidc_subject: 'kari' });
    expect(await audit(stack.t, 'user.create')).toEqual([
      expect.objectContaining({ site_id: 'kommune', actor: 'kari@kommune.no', details: { method: 'oidc' } }),
    ]);
    expect(await audit(stack.t, 'login')).toEqual([
      expect.objectContaining({ site_id: 'kommune', actor: 'kari@kommune.no', details: { method: 'oidc' } }),
    ]);
  });

  it('goes on to the page asked for; a second sign-in finds the same person', async () => {
    const browser = new Navigator();
    const begun = await browser.follow(`${stack.url}/admin/login/oidc?next=/admin/sites/kommune`, {
      stop: (next) => next.pathname === '/auth',
    });
    const form = await browser.follow(begun.next as URL);
    const done = await browser.follow(new URL(`${form.visit.url.pathname}/login`, form.visit.url), {
      form: { login: 'kari' },
    });
    expect(done.visit.url.pathname).toBe('/admin/sites/kommune');
    expect(await rows(stack.t.db('users').where({ oidc_subject: 'kari' }))).toBe(1);
  });

  it('tells a person without a grant so, politely, audits it, and makes no account or session', async () => {
    const { page, browser } = await signInWithProvider(stack, 'per');
    expectRefusal(page, 403, 'Du har ikke tilgang ennå', browser);
    expect(textOf(page.text)).toContain('Du er logget inn hos Kommunens innlogging som per@annet.no');
    expect(page.text).toContain(`href="${stack.provider.issuer}/session/end?client_id=fantdu`);
    expect(await stack.t.db('users').where({ email: 'per@annet.no' }).first()).toBeUndefined();
    expect(await audit(stack.t, 'login.refused')).toEqual([
      expect.objectContaining({
        site_id: null,
        actor: 'per@annet.no',
        details: { method: 'oidc', reason: 'no-grant' },
      }),
    ]);
    expect((await browser.visit(`${stack.url}/admin`)).status).toBe(303);
  });

  it('gives the union of the grants a person matches, admin where any says admin', async () => {
    await grants().grant('kommune', { claim: 'admins' }, 'admin');
    await grants().grant('skole', { emailDomain: 'Bø.Kommune.NO' }, 'editor');
    const { page, browser } = await signInWithProvider(stack, 'liv');
    expect(textOf(page.text)).toContain('Kommune (kommune, administrator)');
    expect(textOf(page.text)).toContain('Skolene (skole, redaktør)');
    expect((await browser.visit(`${stack.url}/admin/sites/kommune/audit`)).status).toBe(200);
    expect((await browser.visit(`${stack.url}/admin/sites/skole/audit`)).status).toBe(403);
  });

  it('reads grants again at each sign-in, for all the person’s sessions; a revoked grant goes at once', async () => {
    const first = await signInWithProvider(stack, 'nils');
    expect((await first.browser.visit(`${stack.url}/admin/sites/kommune`)).status).toBe(200);
    stack.provider.people.nils = { ...stack.provider.people.nils, groups: [] };
    const again = await signInWithProvider(stack, 'nils');
    expectRefusal(again.page, 403, 'Du har ikke tilgang ennå', again.browser);
    expect((await first.browser.visit(`${stack.url}/admin/sites/kommune`)).status).toBe(404);
    const kari = await signInWithProvider(stack, 'kari');
    expect((await kari.browser.visit(`${stack.url}/admin/sites/kommune`)).status).toBe(200);
    await grants().revoke({ siteId: 'kommune', to: { claim: 'redaktorer' } });
    expect((await kari.browser.visit(`${stack.url}/admin/sites/kommune`)).status).toBe(404);
    await grants().grant('kommune', { claim: 'redaktorer' }, 'editor');
    expect(await audit(stack.t, 'sso.revoke')).toEqual([
      expect.objectContaining({ site_id: 'kommune', actor: 'cli', target: 'claim:redaktorer' }),
    ]);
  });

  it('links a password account by e-mail when the provider has verified it, keeping its own sites', async () => {
    await stack.fantdu.services.users.addUser('ingrid@kommune.no', 'annen', 'editor');
    const before = await stack.t.db('users').where({ email: 'ingrid@kommune.no' }).first();
    const { page } = await signInWithProvider(stack, 'ingrid');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Annen kommune');
    const after = await stack.t.db('users').where({ id: before.id }).first();
    expect(after).toMatchObject({ password_hash: before.password_hash, oidc_subject: 'ingrid' });
    expect(await audit(stack.t, 'user.link')).toEqual([
      expect.objectContaining({
        site_id: 'annen',
        actor: 'ingrid@kommune.no',
        details: { issuer: stack.provider.issuer },
      }),
    ]);
  });

  it('takes Entra ID’s xms_edov (e-mail domain verified by the tenant) for email_verified', async () => {
    await stack.fantdu.services.users.addUser('eli@kommune.no', 'annen', 'editor');
    const { page } = await signInWithProvider(stack, 'eli');
    expect(page.status).toBe(200);
    expect(await stack.t.db('users').where({ email: 'eli@kommune.no' }).first()).toMatchObject({ oidc_subject: 'eli' });
  });

  it('does not link a password account when the provider does not say it verified the e-mail', async () => {
    await stack.fantdu.services.users.addUser('jon@kommune.no', 'annen', 'editor');
    const { page, browser } = await signInWithProvider(stack, 'jon');
    expectRefusal(page, 403, 'E-postadressen er ikke bekreftet', browser);
    expect(await stack.t.db('users').where({ email: 'jon@kommune.no' }).first()).toMatchObject({ oidc_subject: null });
  });

  it('refuses an unverified e-mail, one not sent, and one of another identity', async () => {
    const unverified = await signInWithProvider(stack, 'falsk');
    expectRefusal(unverified.page, 403, 'E-postadressen er ikke bekreftet', unverified.browser);
    expect(await stack.t.db('users').where({ email: 'falsk@kommune.no' }).first()).toBeUndefined();
    const anonymous = await signInWithProvider(stack, 'anonym');
    expectRefusal(anonymous.page, 403, 'Fant ikke e-postadressen din', anonymous.browser);
    const other = await signInWithProvider(stack, 'kari2');
    expectRefusal(other.page, 403, 'E-postadressen hører til en annen konto', other.browser);
    const reasons = (await audit(stack.t, 'login.refused')).map((e) => e.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['unverified', 'no-email', 'other-identity']));
  });

  describe('a callback that does not hold is a 400 page, never a session', () => {
    it.each([
      ['another state', 'state', 'another-state', 'Innloggingen kan ikke fullføres'],
      ['an unknown issuer', 'iss', 'https://login.evil.example', 'Svaret kom ikke fra Kommunens innlogging'],
    ])('%s', async (_, param, value, says) => {
      const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
      callback?.searchParams.set(param, value);
      expectRefusal(await browser.visit(callback as URL), 400, says, browser);
    });

    it('another browser (no cookie), or a cookie not signed by fantdu', async () => {
      const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
      const thief = new Navigator();
      expectRefusal(await thief.visit(callback as URL), 400, 'startet i en annen nettleser', thief);
      const jar = browser.cookies(stack.url);
      jar.set('fantdu_oidc', `${jar.get('fantdu_oidc')?.split('.')[0]}.forged`);
      expectRefusal(await browser.visit(callback as URL), 400, 'startet i en annen nettleser', browser);
    });

    it('another nonce in the ID token', async () => {
      const tamper = (authorize: URL) => authorize.searchParams.set('nonce', 'a-nonce-fantdu-never-made');
      const { page, browser } = await signInWithProvider(stack, 'kari', { tamper });
      expectRefusal(page, 400, 'passet ikke til denne innloggingen', browser);
    });

    it('an expired code', async () => {
      stack.provider.codeTtl = 1;
      try {
        const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
        await sleep(2100);
        expectRefusal(await browser.visit(callback as URL), 400, 'Innloggingen har gått ut', browser);
      } finally {
        stack.provider.codeTtl = 60;
      }
    });

    it('a code used before', async () => {
      const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
      const pending = browser.cookies(stack.url).get('fantdu_oidc') as string;
      const first = await browser.visit(callback as URL);
      expect(first.status).toBe(303);
      const replay = new Navigator();
      replay.cookies(stack.url).set('fantdu_oidc', pending);
      expectRefusal(await replay.visit(callback as URL), 400, 'er allerede brukt', replay);
    });

    it('an error from the provider (the person cancelled)', async () => {
      const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
      const cancelled = new URL(callbackPath, stack.url);
      for (const key of ['state', 'iss']) cancelled.searchParams.set(key, callback?.searchParams.get(key) as string);
      cancelled.searchParams.set('error', 'access_denied');
      expectRefusal(await browser.visit(cancelled), 400, 'Innloggingen ble avbrutt', browser);
    });

    it('hostile callbacks with this browser’s own state: 400 pages, never a 5xx', async () => {
      const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
      const pending = browser.cookies(stack.url).get('fantdu_oidc') as string;
      const state = callback?.searchParams.get('state') as string;
      const iss = encodeURIComponent(stack.provider.issuer);
      for (const query of [
        `state=${state}&iss=${iss}`,
        `state=${state}&iss=${iss}&code=`,
        `state=${state}&iss=${iss}&code=a&code=b`,
        `state=${state}&state=${state}&iss=${iss}&code=a`,
        `state=${state}&iss=${iss}&iss=${iss}&code=a`,
        `state=${state}&iss=${iss}&code=%ff%fe${'x'.repeat(4000)}`,
        `state=${state}&code=a`,
        `state=${state}&iss=${iss}&error=%3Cscript%3E&error_description=${'y'.repeat(2000)}`,
      ]) {
        const attempt = new Navigator();
        attempt.cookies(stack.url).set('fantdu_oidc', pending);
        const page = await attempt.visit(`${stack.url}${callbackPath}?${query}`);
        expect([page.status, query]).toEqual([400, query]);
        expect(page.text).not.toContain('<script>');
      }
    });

    it('nothing at all', async () => {
      const browser = new Navigator();
      expectRefusal(await browser.visit(`${stack.url}${callbackPath}?code=x&state=y`), 400, 'kan ikke fullføres');
    });
  });

  it('tells a person made by single sign-on that they have no password to change', async () => {
    const { page, browser } = await signInWithProvider(stack, 'kari');
    const form = await browser.visit(`${stack.url}/admin/password`);
    expect(form.status).toBe(200);
    const posted = await browser.visit(`${stack.url}/admin/password`, {
      _csrf: csrfOf(page.text),
      current: 'noe',
      password: 'et nytt langt passord',
      repeat: 'et nytt langt passord',
    });
    expect(posted.status).toBe(400);
    expect(textOf(posted.text)).toContain('Du har ikke noe passord i fantdu: du logger inn med Kommunens innlogging.');
    expect(await stack.t.db('users').where({ oidc_subject: 'kari' }).first()).toMatchObject({ password_hash: null });
  });

  it('signs out of fantdu, and offers the provider’s end-session address', async () => {
    const { page, browser } = await signInWithProvider(stack, 'kari');
    const out = await browser.follow(`${stack.url}/admin/logout`, { form: { _csrf: csrfOf(page.text) } });
    expect(out.visit.url.href).toBe(`${stack.url}/admin/login?utlogget=sso`);
    expect(textOf(out.visit.text)).toContain('Du er logget ut av fantdu.');
    const endSession = new URL(`${stack.provider.issuer}/session/end`);
    endSession.searchParams.set('client_id', 'fantdu');
    endSession.searchParams.set('post_logout_redirect_uri', `${stack.url}/admin/login`);
    expect(out.visit.text).toContain(`<a href="${endSession.href.replaceAll('&', '&amp;')}">Logg ut hos`);
    expect((await browser.visit(`${stack.url}/admin`)).status).toBe(303);
  });

  it('signs a password session out as before, with no word of the provider', async () => {
    const { password } = await stack.fantdu.services.users.addUser('pass@kommune.no', 'kommune', 'editor');
    const browser = new Navigator();
    const signedIn = await browser.follow(`${stack.url}/admin/login`, {
      form: { email: 'pass@kommune.no', password: password as string },
    });
    const out = await browser.follow(`${stack.url}/admin/logout`, { form: { _csrf: csrfOf(signedIn.visit.text) } });
    expect(out.visit.url.href).toBe(`${stack.url}/admin/login`);
    expect(out.visit.text).not.toContain('session/end');
  });
});

describe('codes brought back from the provider, counted per client', () => {
  let stack: SsoStack;

  beforeAll(async () => {
    stack = await startSsoStack();
    await stack.fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
    await stack.fantdu.services.grants.grant('kommune', { emailDomain: 'kommune.no' }, 'editor');
    stack.provider.people = { kari: { email: 'kari@kommune.no', email_verified: true } };
  });
  afterAll(() => stack?.close());

  it('a replayed cookie with made-up codes: 100 an hour redeemed at the provider, then 429 not asking it', async () => {
    // A sign-in that goes through gives its count back.
    expect((await signInWithProvider(stack, 'kari')).page.url.pathname).toBe('/admin');
    const { browser, callback } = await signInWithProvider(stack, 'kari', { stopAtCallback: true });
    const pending = browser.cookies(stack.url).get('fantdu_oidc') as string;
    const made = new URL(callback as URL);
    const replay = async (code: string) => {
      made.searchParams.set('code', code);
      const attempt = new Navigator();
      attempt.cookies(stack.url).set('fantdu_oidc', pending);
      return attempt.visit(made);
    };
    const asked = stack.provider.tokenRequests;
    for (let i = 0; i < 100; i++) expect((await replay(`made-up-${i}`)).status).toBe(400);
    expect(stack.provider.tokenRequests - asked).toBe(100);

    const refused = await replay('made-up-101');
    expectRefusal(refused, 429, 'For mange mislykkede innlogginger. Vent');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right code too, from this client, and nothing reaches the provider.
    expectRefusal(await browser.visit(callback as URL), 429, 'For mange mislykkede innlogginger', browser);
    expect(stack.provider.tokenRequests - asked).toBe(100);
    // A return with the provider's error asks nothing of it and is not refused; passwords have their own count.
    const cancelled = new URL(made);
    cancelled.searchParams.delete('code');
    cancelled.searchParams.set('error', 'access_denied');
    const back = new Navigator();
    back.cookies(stack.url).set('fantdu_oidc', pending);
    expectRefusal(await back.visit(cancelled), 400, 'Innloggingen ble avbrutt');
    const login = await new Navigator().visit(`${stack.url}/admin/login`, { email: 'kari@kommune.no', password: 'x' });
    expect(login.status).not.toBe(429);
  });
});

describe('password sign-in off', () => {
  let stack: SsoStack;

  beforeAll(async () => {
    stack = await startSsoStack({ FANTDU_PASSWORD_LOGIN: 'off' });
    await stack.fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
    await stack.fantdu.services.grants.grant('kommune', { emailDomain: 'kommune.no' }, 'editor');
    stack.provider.people = { kari: { email: 'kari@kommune.no', email_verified: true } };
  });
  afterAll(() => stack?.close());

  it('hides the password form and refuses password posts, the right password too', async () => {
    const { password } = await stack.fantdu.services.users.addUser('ola@kommune.no', 'kommune', 'admin');
    const app = request(stack.fantdu.callback);
    const page = await app.get('/admin/login');
    expect(page.text).not.toContain('name="password"');
    expect(textOf(page.text)).toContain('Logg inn med Kommunens innlogging');
    const post = await app
      .post('/admin/login')
      .set('Origin', stack.url)
      .type('form')
      .send({ email: 'ola@kommune.no', password });
    expect(post.status).toBe(403);
    expect(textOf(post.text)).toContain('Innlogging med passord er slått av');
    expect(post.headers['set-cookie']).toBeUndefined();
    expect(await rows(stack.t.db('sessions'))).toBe(0);
  });

  it('still takes API tokens from the CLI', async () => {
    const token = await stack.fantdu.services.tokens.createToken('kommune', 'Rapport', 'editor');
    const res = await request(stack.fantdu.callback)
      .get('/api/v1/sites/kommune/pages')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
  });

  it('signs in with the provider, with no password to change', async () => {
    const { page, browser } = await signInWithProvider(stack, 'kari');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).not.toContain('Bytt passord');
    expect((await browser.visit(`${stack.url}/admin/password`)).status).toBe(403);
  });
});

describe('a provider that cannot be used', () => {
  let t: TestDb;
  const servers: Server[] = [];
  const apps: TestApp[] = [];

  async function serve(handler: Parameters<typeof createServer>[1] = () => {}): Promise<string> {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }
  function appFor(issuer: string): TestApp {
    const client = { FANTDU_OIDC_CLIENT_ID: 'fantdu', FANTDU_OIDC_CLIENT_SECRET: 'hemmelig' };
    const app = createTestApp(t.db, { env: { FANTDU_OIDC_ISSUER: issuer, ...client } });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    for (const app of apps) await app.close();
    await t.drop();
  });

  it('down: the login page still shows, and the button answers a clear 503 page', async () => {
    const gone = await serve();
    servers.pop()?.close();
    const app = request(appFor(gone).callback);
    expect(textOf((await app.get('/admin/login')).text)).toContain('Logg inn med 127.0.0.1');
    const res = await app.get('/admin/login/oidc');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(textOf(res.text)).toContain('Innloggingstjenesten 127.0.0.1 svarer ikke akkurat nå');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('hanging: answered within the timeout, not forever', async () => {
    const app = request(appFor(await serve()).callback);
    const started = Date.now();
    const res = await app.get('/admin/login/oidc');
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(7000);
    expect(textOf(res.text)).toContain('svarer ikke akkurat nå');
  });

  it('calling itself another issuer: a clear page for the operator', async () => {
    const issuer = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: 'https://login.evil.example', authorization_endpoint: 'https://x/auth' }));
    });
    const fantdu = appFor(issuer);
    const res = await request(fantdu.callback).get('/admin/login/oidc');
    expect(res.status).toBe(503);
    expect(textOf(res.text)).toContain('svarte ikke slik fantdu venter');
    expect(fantdu.log.text).toContain('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED');
    expect(fantdu.log.text).not.toContain('hemmelig');
  });

  it('not set up: no button, and its addresses are 404 pages', async () => {
    const app = request(createTestApp(t.db).callback);
    expect((await app.get('/admin/login')).text).not.toContain('Logg inn med');
    expect((await app.get('/admin/login/oidc')).status).toBe(404);
    expect((await app.get(`${callbackPath}?code=x&state=y`)).status).toBe(404);
  });
});

describe('grants', () => {
  let t: TestDb;
  let fantdu: TestApp;
  beforeAll(async () => {
    t = await createTestDb();
    fantdu = createTestApp(t.db);
    await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  });
  afterAll(async () => {
    await fantdu.close();
    await t.drop();
  });

  it('are made, changed, listed and revoked, each audited', async () => {
    const { grants } = fantdu.services;
    const made = await grants.grant('kommune', { claim: '0b6c5c1e-group' }, 'editor');
    expect(made).toMatchObject({ created: true, grant: { kind: 'claim', value: '0b6c5c1e-group', role: 'editor' } });
    const changed = await grants.grant('kommune', { claim: '0b6c5c1e-group' }, 'admin');
    expect(changed).toMatchObject({ created: false, grant: { id: made.grant.id, role: 'admin' } });
    await grants.grant('kommune', { emailDomain: '@Bø.Kommune.no ' }, 'editor');
    expect((await grants.list('kommune')).map((g) => [g.kind, g.value, g.role])).toEqual([
      ['claim', '0b6c5c1e-group', 'admin'],
      ['email-domain', 'xn--b-5ga.kommune.no', 'editor'],
    ]);
    await grants.revoke(made.grant.id);
    expect(await grants.list()).toHaveLength(1);
    const entries = await t.db('audit_log').whereLike('action', 'sso.%').orderBy('id').select('action', 'details');
    expect(entries.map((e) => [e.action, e.details.role, e.details.before])).toEqual([
      ['sso.grant', 'editor', undefined],
      ['sso.grant', 'admin', 'editor'],
      ['sso.grant', 'editor', undefined],
      ['sso.revoke', 'admin', undefined],
    ]);
  });

  it.each([
    ['an unknown site', 'finnes-ikke', { claim: 'x' }, /no site "finnes-ikke"/],
    ['an empty claim', 'kommune', { claim: '' }, /--claim must be 1 to 500/],
    ['a huge claim', 'kommune', { claim: 'x'.repeat(501) }, /--claim must be 1 to 500/],
    ['a claim with a line break', 'kommune', { claim: 'a\nb' }, /--claim must be/],
    ['a domain that is not one', 'kommune', { emailDomain: 'kommune' }, /must be a domain/],
    ['an address, not a domain', 'kommune', { emailDomain: 'kari@kommune.no' }, /must be a domain/],
  ])('refuse %s, changing nothing', async (_, site, to, message) => {
    const before = await t.db('sso_grants').count({ n: '*' });
    await expect(fantdu.services.grants.grant(site, to, 'editor')).rejects.toThrow(message);
    expect(await t.db('sso_grants').count({ n: '*' })).toEqual(before);
  });

  it('refuse to revoke what is not a grant', async () => {
    await expect(fantdu.services.grants.revoke('999')).rejects.toThrow(/no such grant/);
    await expect(fantdu.services.grants.revoke('1; drop table x')).rejects.toThrow(/not a grant id/);
    await expect(fantdu.services.grants.revoke({ siteId: 'kommune', to: { claim: 'ingen' } })).rejects.toThrow(
      /no such grant/,
    );
  });
});
