import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, signIn, textOf } from '../helpers/admin-client.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const publicUrl = 'https://feedback.kommune.no';
let t: TestDb;
let fantdu: TestApp;
let cookie: string;
let theme: string;
const ids: Record<string, string> = {};

const app = () => request(fantdu.callback);
let get: Awaited<ReturnType<typeof signIn>>['get'];
let post: Awaited<ReturnType<typeof signIn>>['post'];

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: publicUrl, FANTDU_RATE_LIMIT: '100000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  const { password } = await fantdu.services.users.addUser('admin@kommune.no', 'kommune', 'admin');
  ({ get, post, cookie } = await signIn(fantdu, publicUrl, 'admin@kommune.no', password));
  const now = new Date();
  const seeded = await seedFeedback(fantdu.stores, [
    { site: 'kommune', path: '/bibliotek', found: false, comment: 'Finner ikke åpningstidene', at: now },
    { site: 'kommune', path: '/bibliotek', found: false, comment: 'Åpningstidene i påsken?', at: now },
    { site: 'kommune', path: '/bibliotek', found: true, comment: 'Åpningstider står fint', at: now },
    { site: 'kommune', path: '/skole', found: false, comment: 'Lenken til skjemaet virker ikke', at: now },
    { site: 'kommune', path: '/skole', found: false, comment: 'Skoleskyss mangler', at: now },
  ]);
  for (const [i, key] of ['a', 'b', 'c', 'link', 'bus'].entries()) ids[key] = seeded[i] as string;
  const admin = { actor: 'test', sites: new Map([['kommune', 'admin' as const]]) } as never;
  theme = await fantdu.services.themes.create('kommune', { name: 'Skyss', words: [] }, admin);
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('Hva leter folk etter? in /admin', () => {
  it('the site report shows the top terms with counts and "no" share, and the themes, each a link', async () => {
    const res = await get('/admin/sites/kommune');
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toContain('Hva leter folk etter?');
    expect(text).toMatch(/åpningstidene 3 67 %/);
    expect(text).toMatch(/Noe virker ikke 1 100 %/);
    expect(res.text).toContain('href="/admin/sites/kommune/comments?period=30&amp;term=%C3%A5pningstidene"');
    expect(res.text).toContain('href="/admin/sites/kommune/comments?period=30&amp;theme=feil"');
  });

  it('a term leads to the comments that use it, in every inflection', async () => {
    const res = await get('/admin/sites/kommune/comments?period=30&term=%C3%A5pningstidene');
    expect(res.status).toBe(200);
    for (const comment of ['Finner ikke åpningstidene', 'Åpningstidene i påsken?', 'Åpningstider står fint'])
      expect(res.text).toContain(comment);
    expect(res.text).not.toContain('Skoleskyss mangler');
    expect(textOf(res.text)).toContain('Kommentarer som bruker «åpningstidene»');
  });

  it('the page report has its own terms, each filtering its list', async () => {
    const res = await get('/admin/sites/kommune/page?path=/skole&period=30');
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toMatch(/skoleskyss 1 100 %/);
    const filtered = await get('/admin/sites/kommune/page?path=/skole&period=30&term=skoleskyss');
    expect(filtered.text).toContain('Skoleskyss mangler');
    expect(filtered.text).not.toContain('Lenken til skjemaet');
  });

  it('a comment goes into a theme with one form, and out again; chips say what put it there', async () => {
    const page = await get('/admin/sites/kommune/comments?period=30');
    expect(textOf(page.text)).toContain('Noe virker ikke (etter ord)');
    const csrf = csrfOf(page.text);
    const back = '/admin/sites/kommune/comments?period=30';
    const added = await post(`/admin/sites/kommune/feedback/${ids.bus}/themes`, {
      _csrf: csrf,
      theme,
      action: 'add',
      back,
    });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`${back}#fb-${ids.bus}`);
    expect(await t.db('feedback_themes').where({ feedback_id: ids.bus, theme_id: theme }).first('by')).toEqual({
      by: 'editor',
    });
    expect(textOf((await get(back)).text)).toContain('Skyss (valgt av redaktør)');
    await post(`/admin/sites/kommune/feedback/${ids.bus}/themes`, { _csrf: csrf, theme, action: 'remove', back });
    expect(await t.db('feedback_themes').where({ feedback_id: ids.bus, theme_id: theme }).first('by')).toEqual({
      by: 'rejected',
    });
  });

  it('refuses a theme change without the CSRF token, from another origin, or with a bad action', async () => {
    const form = { theme, action: 'add', back: '/admin' };
    expect((await post(`/admin/sites/kommune/feedback/${ids.bus}/themes`, form)).status).toBe(403);
    const csrf = csrfOf((await get('/admin/sites/kommune/comments')).text);
    const foreign = await app()
      .post(`/admin/sites/kommune/feedback/${ids.bus}/themes`)
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ ...form, _csrf: csrf });
    expect(foreign.status).toBe(403);
    const bad = await post(`/admin/sites/kommune/feedback/${ids.bus}/themes`, { ...form, _csrf: csrf, action: 'x' });
    expect(bad.status).toBe(400);
    const unknown = await post(`/admin/sites/kommune/feedback/${ids.bus}/themes`, {
      ...form,
      _csrf: csrf,
      theme: 'nope',
    });
    expect(unknown.status).toBe(400);
  });
});

describe('the themes page in /admin', () => {
  it('an admin makes a theme with a form, words one a line; it counts at once', async () => {
    const page = await get('/admin/sites/kommune/themes');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Noe virker ikke');
    const csrf = csrfOf(page.text);
    const res = await post('/admin/sites/kommune/themes', {
      _csrf: csrf,
      name: 'Bibliotek',
      words: 'åpningstid\r\n\r\n  påske  \r\n',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/sites/kommune/themes?notice=laget');
    const after = textOf((await get(res.headers.location as string)).text);
    expect(after).toContain('Temaet er laget.');
    expect(after).toMatch(/Bibliotek 3 kommentarer/);
    const row = await t.db('themes').where({ site_id: 'kommune', name: 'Bibliotek' }).first('words');
    expect(row.words).toEqual(['åpningstid', 'påske']);
  });

  it('says in Norwegian what cannot be done: a name taken, a built-in theme deleted, no words', async () => {
    const csrf = csrfOf((await get('/admin/sites/kommune/themes')).text);
    const taken = await post('/admin/sites/kommune/themes', { _csrf: csrf, name: 'bibliotek', words: '' });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('Det finnes allerede et tema med det navnet');
    expect((await post('/admin/sites/kommune/themes/feil/delete', { _csrf: csrf })).status).toBe(409);
    const empty = await post('/admin/sites/kommune/themes', { _csrf: csrf, name: '', words: '***' });
    expect(empty.status).toBe(400);
    expect(textOf(empty.text)).toContain('Sjekk: navn, ordene i temaet.');
  });

  it('an admin changes and deletes a theme', async () => {
    const csrf = csrfOf((await get('/admin/sites/kommune/themes')).text);
    const { id } = await t.db('themes').where({ site_id: 'kommune', name: 'Bibliotek' }).first('id');
    const saved = await post(`/admin/sites/kommune/themes/${id}`, { _csrf: csrf, name: 'Bibliotek', words: 'påske' });
    expect(saved.status).toBe(303);
    expect(textOf((await get('/admin/sites/kommune/themes')).text)).toMatch(/Bibliotek 1 kommentar siste 30 dager/);
    expect((await post(`/admin/sites/kommune/themes/${id}/delete`, { _csrf: csrf })).status).toBe(303);
    expect(await t.db('themes').where({ id }).first()).toBeUndefined();
  });

  it('an editor sees the themes but no forms, and cannot post them', async () => {
    const { password } = await fantdu.services.users.addUser('redaktor@kommune.no', 'kommune', 'editor');
    const login = await app()
      .post('/admin/login')
      .set('Origin', publicUrl)
      .type('form')
      .send({ email: 'redaktor@kommune.no', password });
    const editor = ((login.headers['set-cookie'] as unknown as string[])[0] as string).split(';')[0] as string;
    const page = await app().get('/admin/sites/kommune/themes').set('Cookie', editor);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<textarea');
    const res = await app()
      .post('/admin/sites/kommune/themes')
      .set('Cookie', editor)
      .set('Origin', publicUrl)
      .type('form')
      .send({ _csrf: csrfOf(page.text), name: 'Ny', words: 'ny' });
    expect(res.status).toBe(403);
  });
});
