import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminTexts } from '../../src/admin/words.ts';
import { type AuditAction, auditActions } from '../../src/audit/audit-actions.ts';
import { langs, type Role } from '../../src/values.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const publicUrl = 'https://feedback.kommune.no';
const origin = 'https://www.kommune.no';
const hostile = '<script>alert(1)</script><b>x</b>';

let t: TestDb;
let fantdu: TestApp;
const passwords = new Map<string, string>();

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: publicUrl, FANTDU_RATE_LIMIT: '100000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen kommune', origins: ['https://www.annen.no'] });
  const users: [string, string, Role][] = [
    ['redaktor@kommune.no', 'kommune', 'editor'],
    ['admin@kommune.no', 'kommune', 'admin'],
    ['passord@kommune.no', 'kommune', 'editor'],
    ['laas@kommune.no', 'kommune', 'editor'],
    ['ut@kommune.no', 'kommune', 'editor'],
  ];
  for (const [email, site, role] of users)
    passwords.set(email, (await fantdu.services.users.addUser(email, site, role)).password as string);
  await submit('/skole/', false, hostile);
  await submit('/skole/', false, 'Ring meg på 912 34 567 eller ola@example.no');
  await submit('/skole/', true);
  await submit('/barnehage/', true, 'Fant det');
  await submit('/barnehage/', false);
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

async function submit(path: string, found: boolean, comment?: string): Promise<string> {
  const [id] = await seedFeedback(fantdu.stores, [{ site: 'kommune', path, found, comment, at: new Date() }]);
  return id as string;
}

const app = () => request(fantdu.callback);

/** Logs in through the form; answers the session cookie (`name=value`). */
async function login(email: string): Promise<string> {
  const res = await app()
    .post('/admin/login')
    .set('Origin', publicUrl)
    .type('form')
    .send({ email, password: passwords.get(email) });
  expect(res.status).toBe(303);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0] as string;
  return cookie.split(';')[0] as string;
}

const get = (path: string, cookie: string) => app().get(path).set('Cookie', cookie);
const post = (path: string, cookie: string, form: Record<string, string>) =>
  app().post(path).set('Cookie', cookie).set('Origin', publicUrl).type('form').send(form);

/** The CSRF token of a page's forms. */
const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;

const feedbackOf = (comment: string | null) => t.db('feedback').where({ comment }).first();

describe('logging in', () => {
  it('GET /admin/login is a labelled form in bokmål under a strict CSP, not cached', async () => {
    const res = await app().get('/admin/login');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="nb">');
    expect(res.text).toContain('<label for="email">E-post</label>');
    expect(res.text).toContain('<label for="password">Passord</label>');
    expect(res.text).not.toContain('<script');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('a right password sets a secure, httpOnly, lax session cookie and goes on to `next`', async () => {
    const res = await app()
      .post('/admin/login')
      .set('Origin', publicUrl)
      .type('form')
      .send({
        email: 'redaktor@kommune.no',
        password: passwords.get('redaktor@kommune.no'),
        next: '/admin/sites/kommune?period=7',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/sites/kommune?period=7');
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0] as string;
    expect(cookie).toMatch(/^fantdu_session=[\w-]{20,};/);
    expect(cookie.toLowerCase()).toContain('; path=/');
    expect(cookie.toLowerCase()).toContain('; httponly');
    expect(cookie.toLowerCase()).toContain('; samesite=lax');
    expect(cookie.toLowerCase()).toContain('; secure');
    const expires = Date.parse(/expires=([^;]+)/.exec(cookie)?.[1] ?? '');
    expect(expires - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
  });

  it('`next` that leads off /admin goes to /admin instead', async () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/admin',
      '/api/v1/sites/kommune/pages',
      '/admin\\@evil.example',
    ]) {
      const res = await app()
        .post('/admin/login')
        .type('form')
        .send({ email: 'redaktor@kommune.no', password: passwords.get('redaktor@kommune.no'), next });
      expect(res.headers.location).toBe('/admin');
    }
  });

  it('a wrong password shows the form again with a Norwegian message and no cookie', async () => {
    const res = await app()
      .post('/admin/login')
      .set('Origin', publicUrl)
      .type('form')
      .send({ email: 'redaktor@kommune.no', password: 'feil passord' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Feil e-post eller passord.');
    expect(res.text).toContain('value="redaktor@kommune.no"');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('a login form posted from another origin is refused', async () => {
    const res = await app()
      .post('/admin/login')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ email: 'redaktor@kommune.no', password: passwords.get('redaktor@kommune.no') });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('too many wrong passwords: 429 with Retry-After and the wait in Norwegian, even with the right one', async () => {
    let res = await app().post('/admin/login').type('form').send({ email: 'laas@kommune.no', password: 'feil' });
    for (let i = 0; i < 12 && res.status !== 429; i++)
      res = await app().post('/admin/login').type('form').send({ email: 'laas@kommune.no', password: 'feil' });
    expect(res.status).toBe(429);
    const right = await app()
      .post('/admin/login')
      .type('form')
      .send({ email: 'laas@kommune.no', password: passwords.get('laas@kommune.no') });
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.text).toMatch(/For mange mislykkede innlogginger\. Vent \d+ minutter og prøv igjen\./);
    expect(right.headers['set-cookie']).toBeUndefined();
  });

  it('an empty form is asked for again', async () => {
    const res = await app().post('/admin/login').type('form').send({ email: '', password: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Skriv inn både e-post og passord.');
  });
});

describe('without a session', () => {
  it.each([
    '/admin',
    '/admin/sites/kommune?period=7',
    '/admin/sites/kommune/page?path=/skole/',
    '/admin/password',
    '/admin/sites/kommune/audit',
  ])('GET %s: 303 to the login, coming back after', async (path) => {
    const res = await app().get(path);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
  });

  it('a POST goes to the login and changes nothing', async () => {
    const row = await feedbackOf(hostile);
    const res = await app()
      .post(`/admin/sites/kommune/feedback/${row.id}/status`)
      .type('form')
      .send({ status: 'spam' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/login');
    expect((await feedbackOf(hostile)).status).toBe('new');
  });

  it('an API token is no session for these pages', async () => {
    const token = await fantdu.services.tokens.createToken('kommune', 'rapport', 'editor');
    const res = await app().get('/admin').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(303);
  });
});

describe('the pages', () => {
  let editor: string;
  beforeAll(async () => {
    editor = await login('redaktor@kommune.no');
  });

  it('/admin lists the sites one may see, and no other', async () => {
    const res = await get('/admin', editor);
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/sites/kommune"');
    expect(res.text).not.toContain('annen');
    expect(res.text).toContain('Logget inn som');
  });

  it('the site report: pages with ja, nei, totalt, a share bar without inline style, a CSV link with ;', async () => {
    const res = await get('/admin/sites/kommune', editor);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Kommune</h1>');
    expect(res.text).toMatch(
      new RegExp(
        '<a href="/admin/sites/kommune/page\\?path=%2Fskole%2F&amp;period=30">/skole/</a></th>\\s*' +
          '<td class="num">1</td><td class="num">2</td><td class="num">3</td>',
      ),
    );
    expect(res.text).toContain('<rect class="bar-no" width="67" height="12"></rect>');
    expect(res.text).toContain('67\u00a0%');
    expect(res.text).not.toMatch(/style=/);
    expect(res.text).toMatch(
      /href="\/api\/v1\/sites\/kommune\/feedback\.csv\?from=\d{4}-\d\d-\d\d&amp;to=\d{4}-\d\d-\d\d&amp;sep=%3B"/,
    );
    // Column headings sort by their column, as links; the one sorted by says so.
    expect(res.text).toMatch(/<th scope="col"><a href="\/admin\/sites\/kommune\?[^"]*sort=path[^"]*">Side<\/a><\/th>/);
    expect(res.text).toMatch(/<th scope="col" class="num"><a href="[^"]*sort=views[^"]*">Visninger<\/a><\/th>/);
    expect(res.text).toMatch(/<a href="[^"]*sort=noPer1000[^"]*">Nei per 1000 visninger<\/a>/);
    expect(res.text).toMatch(/<th scope="col" class="num" aria-sort="descending"><a [^>]*aria-current="true">Nei</);
    expect(res.text).toContain('tabindex="0"');
  });

  it('the site report sorts, filters by path prefix and pages', async () => {
    const byPath = await get('/admin/sites/kommune?sort=path&limit=1', editor);
    expect(byPath.text).toContain('>/barnehage/</a>');
    expect(byPath.text).not.toContain('>/skole/</a>');
    const next = /<a href="([^"]+)" rel="next">/.exec(byPath.text)?.[1]?.replace(/&amp;/g, '&') as string;
    const second = await get(next, editor);
    expect(second.text).toContain('>/skole/</a>');
    expect(second.text).toContain('Første side');
    const prefixed = await get('/admin/sites/kommune?pathPrefix=/sk', editor);
    expect(prefixed.text).toContain('>/skole/</a>');
    expect(prefixed.text).not.toContain('>/barnehage/</a>');
  });

  it('the period: 7 days, or own dates; bad dates are a Norwegian HTML page', async () => {
    expect((await get('/admin/sites/kommune?period=7', editor)).text).toContain('siste 7 dager');
    const old = await get('/admin/sites/kommune?period=own&from=2020-01-01&to=2020-01-31', editor);
    expect(old.text).toContain('01.01.2020–31.01.2020');
    expect(old.text).toContain('Ingen svar i denne perioden');
    expect(old.text).toContain('<input type="radio" name="period" value="own" checked>');
    // Dates typed into the form (other than those it showed) win over the preset that is still checked.
    const typed = await get(
      '/admin/sites/kommune?period=7&from=2020-01-01&to=2020-01-31&shown=2026-01-01%2F2026-01-07',
      editor,
    );
    expect(typed.text).toContain('01.01.2020–31.01.2020');
    const shown = /name="shown" value="([^"]+)"/.exec(
      (await get('/admin/sites/kommune?period=7', editor)).text,
    )?.[1] as string;
    const [from, to] = shown.split('/');
    expect(
      (await get(`/admin/sites/kommune?period=90&from=${from}&to=${to}&shown=${encodeURIComponent(shown)}`, editor))
        .text,
    ).toContain('siste 90 dager');
    const bad = await get('/admin/sites/kommune?from=2026-13-01', editor);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bad.text).toContain('Sjekk: fra-dato.');
    const reversed = await get('/admin/sites/kommune?period=own&from=2026-02-01&to=2026-01-01', editor);
    expect(reversed.status).toBe(400);
    expect(reversed.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('far-off own dates are a 400 page at once, and a century by month is one page', async () => {
    for (const query of [
      'period=own&from=0001-01-01',
      'period=own&to=9999-12-31',
      'period=own&from=1999-01-01&to=2026-01-01',
    ]) {
      for (const page of ['/admin/sites/kommune', '/admin/sites/kommune/page?path=/skole/']) {
        const res = await get(`${page}${page.includes('?') ? '&' : '?'}${query}`, editor);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      }
    }
    const daily = await get(
      '/admin/sites/kommune/page?path=/skole/&period=own&from=2000-01-01&to=2099-12-31&interval=day',
      editor,
    );
    expect(daily.status).toBe(400);
    expect(daily.headers['content-type']).toBe('text/html; charset=utf-8');
    const monthly = await get(
      '/admin/sites/kommune/page?path=/skole/&period=own&from=2000-01-01&to=2099-12-31',
      editor,
    );
    expect(monthly.status).toBe(200);
  });

  it('another site, known or not, is the same HTML 404', async () => {
    const other = await get('/admin/sites/annen', editor);
    const none = await get('/admin/sites/finnes-ikke', editor);
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(other.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(other.text).toBe(none.text);
    expect(other.text).toContain('Fant ikke siden');
    expect((await get('/admin/sites/annen/page?path=/', editor)).status).toBe(404);
    expect((await get('/admin/ingenting', editor)).status).toBe(404);
  });

  it('the page report: totals, an SVG chart with a title and a table, comments as text with redactions', async () => {
    const res = await get('/admin/sites/kommune/page?path=/skole/', editor);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>/skole/</h1>');
    expect(res.text).toMatch(/<svg role="img" aria-labelledby="trend-title trend-desc"/);
    expect(res.text).toContain('<title id="trend-title">Ja og nei per dag</title>');
    expect(res.text).toContain('Til sammen 1 ja og 2 nei.');
    expect(res.text).toContain('<caption id="trend-caption">Ja og nei per dag</caption>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(res.text).not.toContain('<script');
    expect(res.text).not.toContain('<b>x</b>');
    expect(res.text).toContain('Ring meg på [telefon] eller [e-post]');
    expect(res.text).toContain('Fjernet: telefon, e-post');
    expect(res.text).toMatch(
      /href="\/api\/v1\/sites\/kommune\/feedback\.csv\?path=%2Fskole%2F&amp;from=[\d-]+&amp;to=[\d-]+&amp;sep=%3B"/,
    );
    expect(res.text).not.toMatch(/style=/);
  });

  it('the page report filters what it lists, and the CSV link says the same', async () => {
    const res = await get('/admin/sites/kommune/page?path=/skole/&found=ja&status=new&hasComment=', editor);
    expect(res.text).not.toContain('[telefon]');
    expect(res.text).toContain('Ingen kommentar.');
    expect(res.text).toMatch(
      /feedback\.csv\?path=%2Fskole%2F&amp;from=[\d-]+&amp;to=[\d-]+&amp;found=ja&amp;status=new&amp;sep=%3B/,
    );
    const week = await get('/admin/sites/kommune/page?path=/skole/&interval=week', editor);
    expect(week.text).toContain('Ja og nei per uke');
  });

  it('the CSV export opens with the session cookie: BOM, ; and the comment quoted as text', async () => {
    const page = await get('/admin/sites/kommune/page?path=/skole/', editor);
    const link = /href="(\/api\/v1\/sites\/kommune\/feedback\.csv[^"]+)"/
      .exec(page.text)?.[1]
      ?.replace(/&amp;/g, '&') as string;
    const csv = await get(link, editor)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body as string).toMatch(/^\uFEFFid;createdAt;path;found;comment;redactions;status;lang;themes\r\n/);
    expect(csv.body as string).toContain(hostile);
  });

  it('CSRF: a status form without or with a wrong token is refused (403) and changes nothing', async () => {
    const row = await feedbackOf(hostile);
    for (const form of [{ status: 'spam' }, { status: 'spam', _csrf: 'x'.repeat(43) }] as Record<string, string>[]) {
      const res = await post(`/admin/sites/kommune/feedback/${row.id}/status`, editor, form);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('Skjemaet er for gammelt');
    }
    const other = await login('admin@kommune.no');
    const othersToken = csrfOf((await get('/admin', other)).text);
    expect(
      (await post(`/admin/sites/kommune/feedback/${row.id}/status`, editor, { status: 'spam', _csrf: othersToken }))
        .status,
    ).toBe(403);
    expect((await feedbackOf(hostile)).status).toBe('new');
  });

  it('a form from another origin is refused even with the token', async () => {
    const row = await feedbackOf(hostile);
    const csrf = csrfOf((await get('/admin/sites/kommune/page?path=/skole/', editor)).text);
    const res = await app()
      .post(`/admin/sites/kommune/feedback/${row.id}/status`)
      .set('Cookie', editor)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ status: 'spam', _csrf: csrf });
    expect(res.status).toBe(403);
    expect((await feedbackOf(hostile)).status).toBe('new');
  });

  it('the status buttons set the status and come back to the feedback', async () => {
    const row = await feedbackOf(hostile);
    const report = '/admin/sites/kommune/page?path=%2Fskole%2F&period=30&interval=day';
    const page = await get(report, editor);
    expect(page.text).toContain(`action="/admin/sites/kommune/feedback/${row.id}/status"`);
    const res = await post(`/admin/sites/kommune/feedback/${row.id}/status`, editor, {
      status: 'read',
      _csrf: csrfOf(page.text),
      back: report,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${report}#fb-${row.id}`);
    expect((await feedbackOf(hostile)).status).toBe('read');
    const after = await get(report, editor);
    expect(after.text).toMatch(/value="read" class="current" aria-current="true">Lest<\/button>/);
  });

  it('a status form cannot send one elsewhere, nor set an unknown status', async () => {
    const row = await feedbackOf(hostile);
    const csrf = csrfOf((await get('/admin', editor)).text);
    const res = await post(`/admin/sites/kommune/feedback/${row.id}/status`, editor, {
      status: 'done',
      _csrf: csrf,
      back: 'https://evil.example/',
    });
    expect(res.headers.location).toBe(`/admin/sites/kommune#fb-${row.id}`);
    expect(
      (await post(`/admin/sites/kommune/feedback/${row.id}/status`, editor, { status: 'gone', _csrf: csrf })).status,
    ).toBe(400);
    expect(
      (await post(`/admin/sites/annen/feedback/${row.id}/status`, editor, { status: 'spam', _csrf: csrf })).status,
    ).toBe(404);
    expect((await feedbackOf(hostile)).status).toBe('done');
  });

  it('delete: a confirmation page showing the comment, then the form deletes the row', async () => {
    const id = await submit('/skole/', false, 'Slett meg <i>nå</i>');
    const report = '/admin/sites/kommune/page?path=%2Fskole%2F&period=30&interval=day';
    const page = await get(report, editor);
    const link = new RegExp(`href="(/admin/sites/kommune/feedback/${id}/delete[^"]+)"`)
      .exec(page.text)?.[1]
      ?.replace(/&amp;/g, '&') as string;
    const confirm = await get(link, editor);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Er du sikker?');
    expect(confirm.text).toContain('Slett meg &lt;i&gt;nå&lt;/i&gt;');
    expect(confirm.text).toContain(`<a href="${report.replace(/&/g, '&amp;')}">Avbryt</a>`);
    expect((await post(`/admin/sites/kommune/feedback/${id}/delete`, editor, { back: report })).status).toBe(403);
    expect(await t.db('feedback').where({ id }).first()).toBeDefined();
    const res = await post(`/admin/sites/kommune/feedback/${id}/delete`, editor, {
      _csrf: csrfOf(confirm.text),
      back: report,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${report}&notice=slettet`);
    expect(await t.db('feedback').where({ id }).first()).toBeUndefined();
    expect((await get(res.headers.location as string, editor)).text).toContain('Tilbakemeldingen er slettet.');
    expect((await get(link, editor)).status).toBe(404);
  });

  it('the confirmation page finds the feedback without the hints too', async () => {
    const row = await feedbackOf('Fant det');
    const res = await get(`/admin/sites/kommune/feedback/${row.id}/delete`, editor);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Fant det');
    expect(res.text).toContain('href="/admin/sites/kommune/page?path=%2Fbarnehage%2F">Avbryt</a>');
  });

  it('the audit page is for admins: who did what when, never comment text', async () => {
    expect((await get('/admin/sites/kommune/audit', editor)).status).toBe(403);
    const admin = await login('admin@kommune.no');
    const res = await get('/admin/sites/kommune/audit', admin);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Logget inn');
    expect(res.text).toContain('Endret status');
    expect(res.text).toContain('Slettet en tilbakemelding');
    expect(res.text).toContain('Lastet ned CSV');
    expect(res.text).toContain('Ny → Lest');
    expect(res.text).toContain('redaktor@kommune.no');
    expect(res.text).toContain('Nettsted laget');
    await fantdu.services.sites.save({ id: 'kommune', legalBasis: 'consent', processors: ['Prokom AS', 'IKT'] }, true);
    const changed = (await get('/admin/sites/kommune/audit', admin)).text;
    expect(changed).toContain('Nettsted endret');
    expect(changed).toContain('rettslig grunnlag: public-task → consent; databehandlere: – → Prokom AS, IKT');
    expect(res.text).not.toContain('alert(1)');
    expect(res.text).not.toContain('Slett meg');
    expect((await get('/admin', admin)).text).toContain('href="/admin/sites/kommune/audit"');
  });

  it('the audit page names every action in the reader’s language, and one it does not know by its key', async () => {
    const admin = await login('admin@kommune.no');
    const written = [...auditActions, 'archive.made' as AuditAction];
    await fantdu.stores.audit.insert(written.map((action) => ({ siteId: 'kommune', actor: 'cli', action })));
    const whatOf = (page: string) =>
      [...page.matchAll(/<tr>\n<td class="when">.*?<\/td>\n<td>.*?<\/td>\n<td>(.*?)<\/td>/g)]
        .map((m) => m[1])
        .slice(0, written.length);
    try {
      for (const lang of langs) {
        await t.db('users').where({ email: 'admin@kommune.no' }).update({ lang });
        const page = (await get('/admin/sites/kommune/audit', admin)).text;
        expect(page).toContain(`<html lang="${lang}">`);
        const labels = auditActions.map((action) => adminTexts[lang].audit.actions[action]);
        expect(whatOf(page).sort()).toEqual([...labels, 'archive.made'].sort());
      }
    } finally {
      await t.db('users').where({ email: 'admin@kommune.no' }).update({ lang: 'nb' });
    }
  });
});

describe('the account', () => {
  it('changes the password: wrong current, a mismatch and a short one are said in Norwegian', async () => {
    const cookie = await login('passord@kommune.no');
    const csrf = csrfOf((await get('/admin/password', cookie)).text);
    const current = passwords.get('passord@kommune.no') as string;
    const wrong = await post('/admin/password', cookie, {
      _csrf: csrf,
      current: 'feil',
      password: 'et nytt langt passord',
      repeat: 'et nytt langt passord',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Det nåværende passordet er feil.');
    const mismatch = await post('/admin/password', cookie, {
      _csrf: csrf,
      current,
      password: 'et nytt langt passord',
      repeat: 'et annet',
    });
    expect(mismatch.text).toContain('De to nye passordene er ikke like.');
    const short = await post('/admin/password', cookie, { _csrf: csrf, current, password: 'kort', repeat: 'kort' });
    expect(short.text).toContain('Det nye passordet må ha minst 12 tegn.');
    expect(
      (
        await post('/admin/password', cookie, {
          current,
          password: 'et nytt langt passord',
          repeat: 'et nytt langt passord',
        })
      ).status,
    ).toBe(403);
    const done = await post('/admin/password', cookie, {
      _csrf: csrf,
      current,
      password: 'et nytt langt passord',
      repeat: 'et nytt langt passord',
    });
    expect(done.status).toBe(303);
    expect((await get(done.headers.location as string, cookie)).text).toContain('Passordet er byttet.');
    passwords.set('passord@kommune.no', 'et nytt langt passord');
    await login('passord@kommune.no');
  });

  it('logs out: CSRF-checked, the session ends and the cookie is cleared', async () => {
    const cookie = await login('ut@kommune.no');
    const csrf = csrfOf((await get('/admin', cookie)).text);
    expect((await post('/admin/logout', cookie, {})).status).toBe(403);
    const res = await post('/admin/logout', cookie, { _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/login');
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(
      /^fantdu_session=; path=\/; expires=Thu, 01 Jan 1970/,
    );
    expect((await get('/admin', cookie)).status).toBe(303);
  });

  it('a logged-in user going to the login page goes on', async () => {
    const cookie = await login('redaktor@kommune.no');
    const res = await get('/admin/login?next=/admin/password', cookie);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/password');
  });
});

describe('admin.css', () => {
  it('is served with an ETag, and 304 when unchanged', async () => {
    const res = await app().get('/admin/static/admin.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    const again = await app()
      .get('/admin/static/admin.css')
      .set('If-None-Match', res.headers.etag as string);
    expect(again.status).toBe(304);
  });
});
