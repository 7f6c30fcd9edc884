import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, signIn, textOf } from '../helpers/admin-client.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { startMailServer } from '../helpers/receivers.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

// Friday 27 November 2026, 08:00 in Oslo: yesterday's digest is due.
const now = new Date('2026-11-27T07:00:00Z');
const publicUrl = 'https://feedback.kommune.no';
const email = 'redaktor@kommune.no';

let t: TestDb;
let fantdu: TestApp;
let mail: Awaited<ReturnType<typeof startMailServer>>;
let password: string;

beforeAll(async () => {
  t = await createTestDb();
  mail = await startMailServer();
  const env = { FANTDU_PUBLIC_URL: publicUrl, FANTDU_SMTP_URL: mail.url, FANTDU_RATE_LIMIT: '100000/60' };
  fantdu = createTestApp(t.db, { clock: () => now, env });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Bergen kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'aas', name: 'Ås kommune', origins: ['https://www.as.kommune.no'] });
  password = (await fantdu.services.users.addUser(email, 'kommune', 'editor')).password as string;
  await fantdu.services.users.addUser(email, 'aas', 'editor');
  await seedFeedback(fantdu.stores, [
    { site: 'kommune', path: '/skole/', found: false, comment: 'Fant ikke skjemaet', at: '2026-11-26T11:00:00Z' },
  ]);
});

afterAll(async () => {
  await fantdu?.close();
  await mail?.close();
  await t?.drop();
});

const app = () => request(fantdu.callback);
const langOfUser = async () => (await t.db('users').where({ email }).first('lang')).lang as string;

describe('the login page, before anyone is signed in', () => {
  it('follows Accept-Language: bokmål without one, nynorsk for nn, English for en-US', async () => {
    const plain = await app().get('/admin/login');
    expect(plain.text).toContain('<html lang="nb">');
    expect(textOf(plain.text)).toContain('Logg inn for å se tilbakemeldingene for nettstedene dine.');

    const nn = await app().get('/admin/login').set('Accept-Language', 'nn');
    expect(nn.status).toBe(200);
    expect(nn.text).toContain('<html lang="nn">');
    expect(textOf(nn.text)).toContain('Logg inn for å sjå tilbakemeldingane for nettstadene dine.');
    expect(nn.text).toContain('<a class="skip" href="#innhold">Hopp til innhaldet</a>');

    const en = await app().get('/admin/login').set('Accept-Language', 'en-US,en;q=0.9');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<label for="email">E-mail</label>');
    expect(en.text).toContain('<label for="password">Password</label>');
    expect(textOf(en.text)).toContain('Sign in to see the feedback for your sites.');
  });

  it('links the other two languages; ?lang= wins over Accept-Language, and a failed login keeps it', async () => {
    const nb = await app().get('/admin/login?next=%2Fadmin%2Fsites%2Fkommune');
    expect(nb.text).toMatch(/<a href="\/admin\/login\?lang=nn&amp;next=%2Fadmin%2Fsites%2Fkommune" lang="nn"/);
    expect(nb.text).toMatch(/<a href="\/admin\/login\?lang=en&amp;next=%2Fadmin%2Fsites%2Fkommune" lang="en"/);
    expect(nb.text).not.toContain('?lang=nb');

    const chosen = await app().get('/admin/login?lang=nn').set('Accept-Language', 'en');
    expect(chosen.text).toContain('<html lang="nn">');
    expect(chosen.text).toContain('<input type="hidden" name="lang" value="nn">');
    expect(chosen.text).toContain('hreflang="nb">Bokmål</a>');

    const wrong = await app()
      .post('/admin/login')
      .set('Origin', publicUrl)
      .set('Accept-Language', 'nb')
      .type('form')
      .send({ email, password: 'feil passord', lang: 'en' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('<html lang="en">');
    expect(textOf(wrong.text)).toContain('Wrong e-mail or password.');
    expect(wrong.text).toContain('<title>Error: Sign in – fantdu</title>');

    // A language fantdu does not speak is no choice: Accept-Language decides.
    expect((await app().get('/admin/login?lang=sv').set('Accept-Language', 'nn')).text).toContain('<html lang="nn">');
  });

  it('error pages before login speak the browser’s language too', async () => {
    const nn = await app().get('/admin/unsubscribe?user=1&what=digest&sig=x').set('Accept-Language', 'nn-NO');
    expect(nn.status).toBe(400);
    expect(nn.text).toContain('<html lang="nn">');
    expect(textOf(nn.text)).toContain('Lenka er ikkje gyldig.');
    const en = await app().get('/admin/ingenting').set('Accept-Language', 'en-GB');
    expect(en.status).toBe(404);
    expect(en.text).toContain('<title>Page not found – fantdu</title>');
    expect(textOf(en.text)).toContain('To the list of sites');
  });
});

describe('a signed-in person’s language', () => {
  it('is bokmål at first, with a switch in the header naming each language in its own words', async () => {
    const editor = await signIn(fantdu, publicUrl, email, password);
    const sites = await editor.get('/admin').set('Accept-Language', 'en');
    expect(sites.text).toContain('<html lang="nb">');
    expect(sites.text).toContain('<form method="post" action="/admin/language" class="language">');
    expect(sites.text).toContain('<input type="hidden" name="next" value="/admin">');
    expect(sites.text).toContain(
      '<button type="submit" name="lang" value="nb" lang="nb" class="current" aria-current="true">Bokmål</button>',
    );
    expect(sites.text).toContain('<button type="submit" name="lang" value="nn" lang="nn">Nynorsk</button>');
    expect(sites.text).toContain('<button type="submit" name="lang" value="en" lang="en">English</button>');
    // Sorted as Norwegians sort: Å last.
    expect(textOf(sites.text)).toMatch(/Bergen kommune.*Ås kommune/);
  });

  it('switches to nynorsk: every page after it, and every session after this one, and the mails', async () => {
    const editor = await signIn(fantdu, publicUrl, email, password);
    const page = await editor.get('/admin/sites/kommune?period=7');
    expect(page.text).toContain('<input type="hidden" name="next" value="/admin/sites/kommune?period=7">');
    const switched = await editor.post('/admin/language', {
      _csrf: csrfOf(page.text),
      lang: 'nn',
      next: '/admin/sites/kommune?period=7',
    });
    expect(switched.status).toBe(303);
    expect(switched.headers.location).toBe('/admin/sites/kommune?period=7');
    expect(await langOfUser()).toBe('nn');

    // Their own choice wins over what the browser asks for.
    const report = await editor.get('/admin/sites/kommune?period=7').set('Accept-Language', 'en');
    expect(report.text).toContain('<html lang="nn">');
    const text = textOf(report.text);
    for (const words of ['Logg ut', 'Nettstader', 'Byt passord', 'Kva leitar folk etter?', 'Sider, siste 7 dagar'])
      expect(text).toContain(words);
    // One comment is one, not "1 kommentarar"; the period's days are many.
    expect(text).toContain('1 kommentar i perioden.');
    expect(text).toContain('Siste 7 dagar');
    expect(report.text).toContain('value="nn" lang="nn" class="current" aria-current="true">Nynorsk</button>');

    const again = await signIn(fantdu, publicUrl, email, password);
    const sites = await again.get('/admin');
    expect(sites.text).toContain('<html lang="nn">');
    expect(textOf(sites.text)).toContain('Nettstadene dine');
    const notifications = textOf((await again.get('/admin/notifications')).text);
    expect(notifications).toContain('E-postane kjem på same språk som fantdu: nynorsk.');

    // The mails follow: yesterday's digest goes out in nynorsk.
    const settings = await again.get('/admin/notifications');
    expect((await again.post('/admin/notifications', { _csrf: csrfOf(settings.text), digest: 'daily' })).status).toBe(
      303,
    );
    await fantdu.services.notifier.run();
    const digest = mail.mails.find((m) => m.envelopeTo.includes(email));
    if (!digest) throw new Error('no digest was sent');
    expect(String(digest.html)).toContain('<html lang="nn">');
    expect(digest.subject).toContain('Fann du det du leitte etter?');
    // Its unsubscribe link opens a page in the mail's language, whatever the browser says.
    const link = new URL((digest.headers.get('list') as { unsubscribe: { url: string } }).unsubscribe.url);
    expect(link.searchParams.get('lang')).toBe('nn');
    const ask = await app().get(`${link.pathname}${link.search}`).set('Accept-Language', 'en');
    expect(ask.text).toContain('<html lang="nn">');
    expect(textOf(ask.text)).toContain('Vil du slutte å få oppsummeringa på e-post frå fantdu?');
    expect(ask.text).toContain('<input type="hidden" name="lang" value="nn">');
    const done = await app().post(`${link.pathname}${link.search}`).type('form').send('List-Unsubscribe=One-Click');
    expect(textOf(done.text)).toContain('Du får ikkje fleire oppsummeringar på e-post.');
  });

  it('then to English: <html lang="en">, "Sign out", and English sorting of the sites', async () => {
    const editor = await signIn(fantdu, publicUrl, email, password);
    const page = await editor.get('/admin');
    const res = await editor.post('/admin/language', { _csrf: csrfOf(page.text), lang: 'en', next: '/admin' });
    expect(res.headers.location).toBe('/admin');
    const sites = await editor.get('/admin');
    expect(sites.text).toContain('<html lang="en">');
    const text = textOf(sites.text);
    expect(text).toContain('Sign out');
    expect(text).toContain('Your sites');
    expect(text).toContain('Change password');
    // In English, Å is an A.
    expect(text).toMatch(/Ås kommune.*Bergen kommune/);
    const report = await editor.get('/admin/sites/kommune/page?path=/skole/&period=7');
    expect(report.text).toContain('<title id="trend-title">Yes and no per day</title>');
    expect(textOf(report.text)).toContain('Download this feedback as CSV');
    expect(textOf(report.text)).toContain('Download Excel');
    const site = textOf((await editor.get('/admin/sites/kommune?period=7')).text);
    expect(site).toContain('1 comment in the period.');
    expect(site).toContain('Last 7 days');
    expect(textOf((await editor.get('/admin/password')).text)).toContain('At least 12 characters.');
    expect(await langOfUser()).toBe('en');
  });

  it('refuses a language it does not speak with a 400 page, changing nothing', async () => {
    const editor = await signIn(fantdu, publicUrl, email, password);
    const csrf = csrfOf((await editor.get('/admin')).text);
    for (const lang of ['sv', '', 'NN', 'nb-NO']) {
      const res = await editor.post('/admin/language', { _csrf: csrf, lang, next: '/admin' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<html lang="en">');
      expect(textOf(res.text)).toContain('Check: language.');
    }
    expect(await langOfUser()).toBe('en');
  });

  it('goes back only to a page of /admin', async () => {
    const editor = await signIn(fantdu, publicUrl, email, password);
    const csrf = csrfOf((await editor.get('/admin')).text);
    for (const next of ['https://evil.example/', '//evil.example/admin', '/api/v1/sites/kommune/pages', '']) {
      const res = await editor.post('/admin/language', { _csrf: csrf, lang: 'en', next });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin');
    }
  });

  it('is not switched without the form’s CSRF token, from another origin, or without a session', async () => {
    const editor = await signIn(fantdu, publicUrl, email, password);
    const csrf = csrfOf((await editor.get('/admin')).text);
    const noToken = await editor.post('/admin/language', { lang: 'nb', next: '/admin' });
    expect(noToken.status).toBe(403);
    const wrongToken = await editor.post('/admin/language', { _csrf: 'x'.repeat(43), lang: 'nb', next: '/admin' });
    expect(wrongToken.status).toBe(403);
    expect(textOf(wrongToken.text)).toContain('The form is too old or did not come from these pages.');
    const hostile = await app()
      .post('/admin/language')
      .set('Cookie', editor.cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: csrf, lang: 'nb', next: '/admin' });
    expect(hostile.status).toBe(403);
    const nobody = await app()
      .post('/admin/language')
      .set('Origin', publicUrl)
      .type('form')
      .send({ _csrf: csrf, lang: 'nb' });
    expect(nobody.status).toBe(303);
    expect(nobody.headers.location).toBe('/admin/login');
    expect(await langOfUser()).toBe('en');
  });
});
