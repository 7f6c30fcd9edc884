import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;
const now = new Date('2026-03-10T12:00:00Z');
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const api = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, token = tokens.admin) =>
  request(fantdu.callback)[method](`/api/v1/sites/kommune${path}`).set('Authorization', `Bearer ${token}`);
const post = async (key: string, path: string, found: boolean, comment: string) => {
  const res = await request(fantdu.callback)
    .post('/api/v1/feedback')
    .set('Origin', origin)
    .send({ site: 'kommune', url: `${origin}${path}`, found, comment });
  expect(res.status).toBe(201);
  ids[key] = res.body.id;
};
type ThemeItem = { id: string; name: string; words: string[]; builtin: boolean; comments: number; no: number };
const themes = async (query = '') => {
  const res = await api('get', `/themes${query}`, tokens.editor);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as ThemeItem[];
};
const theme = async (id: string, query = '') => (await themes(query)).find((x) => x.id === id);
const inTheme = async (id: string, query = '') => {
  const res = await api('get', `/feedback?theme=${encodeURIComponent(id)}&limit=500${query}`, tokens.editor);
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).map((i) => i.id).sort();
};
const keys = (...names: string[]) => names.map((n) => ids[n]).sort();

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now, env: { FANTDU_RATE_LIMIT: '100000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  tokens.editor = await fantdu.services.tokens.createToken('kommune', 'Redaktør', 'editor');
  tokens.admin = await fantdu.services.tokens.createToken('kommune', 'Drift', 'admin');
  await post('link', '/skjema', false, 'Lenken til skjemaet virker ikke');
  await post('login', '/minside', false, 'Får feilmelding når jeg logger inn med BankID');
  await post('form', '/skjema', false, 'Får ikke sendt søknaden, den laster ikke');
  await post('how', '/barnehage', false, 'Hvordan søker jeg om barnehageplass');
  await post('call', '/barnehage', false, 'Kan noen ringe meg om saken min');
  await post('question', '/skole', true, 'Når starter skoleåret');
  await post('ask', '/skole', false, 'Når starter skoleåret?');
  await post('bus', '/skole/skyss', false, 'Busskortet til sønnen min har ikke kommet');
  await post('bus2', '/skole/skyss', true, 'Fint med skoleskyss-info');
  await post('bus3', '/skole/skyss', false, 'Skoleskyssen er forsinket hver dag');
  await post('other', '/kultur', true, 'Flott oversikt over konserter');
  await seedFeedback(fantdu.stores, [{ site: 'kommune', path: '/kultur', found: false, at: now }]);
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('built-in themes', () => {
  it('every site starts with "feil" and "sporsmal", with their words', async () => {
    const list = await themes();
    expect(list.map((x) => [x.id, x.name, x.builtin])).toEqual([
      ['feil', 'Noe virker ikke', true],
      ['sporsmal', 'Spørsmål som trenger svar', true],
    ]);
    expect(list[0]?.words).toContain('virker ikke');
    expect(list[1]?.words).toContain('?');
  });

  it('catch broken links, errors, log-in trouble, failing forms; questions and requests for contact', async () => {
    expect(await inTheme('feil')).toEqual(keys('link', 'login', 'form'));
    expect(await inTheme('sporsmal')).toEqual(keys('how', 'call', 'ask'));
    expect(await theme('feil')).toMatchObject({ comments: 3, no: 3 });
    expect(await theme('sporsmal', '?path=/barnehage')).toMatchObject({ comments: 2, no: 2 });
  });

  it('can be changed but not deleted', async () => {
    expect((await api('delete', '/themes/feil')).status).toBe(409);
    expect((await api('patch', '/themes/sporsmal').send({ words: ['?', 'når starter'] })).status).toBe(204);
    expect(await inTheme('sporsmal')).toEqual(keys('question', 'ask'));
    const { words } = (await theme('sporsmal')) as ThemeItem;
    expect(words).toEqual(['?', 'når starter']);
    await api('patch', '/themes/sporsmal').send({ words: ['?', 'hvordan søker jeg', 'ringe meg'] });
    expect(await inTheme('sporsmal')).toEqual(keys('how', 'call', 'ask'));
  });
});

describe('a theme made by words', () => {
  it('takes the comments that use its words in any inflection, counts and filters exactly', async () => {
    const res = await api('post', '/themes').send({ name: 'Skoleskyss', words: ['skoleskyss', 'busskort'] });
    expect(res.status).toBe(201);
    ids.theme = res.body.id;
    expect(await inTheme(ids.theme!)).toEqual(keys('bus', 'bus3'));
    expect(await theme(ids.theme!)).toMatchObject({ name: 'Skoleskyss', builtin: false, comments: 2, no: 2 });
    // 'skoleskyss-info' is another word; with a * every word that begins so.
    await api('patch', `/themes/${ids.theme}`).send({ words: ['skoleskyss*', 'busskort'] });
    expect(await inTheme(ids.theme!)).toEqual(keys('bus', 'bus2', 'bus3'));
    expect(await theme(ids.theme!, '?found=no')).toMatchObject({ comments: 2, no: 2 });
    expect(await theme(ids.theme!, '?q=forsinket')).toMatchObject({ comments: 1, no: 1 });
  });

  it('takes in a new comment that uses its words as it is stored', async () => {
    await post('bus4', '/skole', false, 'Busskortene er borte');
    expect(await inTheme(ids.theme!)).toEqual(keys('bus', 'bus2', 'bus3', 'bus4'));
    const item = (await api('get', `/feedback/${ids.bus4}`, tokens.editor)).body;
    expect(item.themes).toEqual([{ id: ids.theme, by: 'words' }]);
  });

  it('shows its name in the CSV export', async () => {
    const csv = (await api('get', `/feedback.csv?theme=${ids.theme}`, tokens.editor)).text;
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header?.split(',').at(-1)).toBe('themes');
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.endsWith(',Skoleskyss')).toBe(true);
  });

  it('leaves spam out of its counts, and takes it back when unmarked', async () => {
    expect((await api('patch', `/feedback/${ids.bus4}`, tokens.editor).send({ status: 'spam' })).status).toBe(200);
    expect(await theme(ids.theme!)).toMatchObject({ comments: 3 });
    expect(await theme(ids.theme!, '?status=spam')).toMatchObject({ comments: 1 });
    await api('patch', `/feedback/${ids.bus4}`, tokens.editor).send({ status: 'read' });
    expect(await theme(ids.theme!)).toMatchObject({ comments: 4 });
  });

  it('keeps a site within 600 words and 50 themes, as every comment stored is matched against them', async () => {
    const words = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const many = await api('post', '/themes').send({ name: 'Mange', words: words(101, 'ord') });
    expect(many.status).toBe(400);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api('post', '/themes').send({ name: `Tema ${i}`, words: words(90, `t${i}x`) });
      expect(res.status).toBe(201);
      made.push(res.body.id);
    }
    const over = await api('post', '/themes').send({ name: 'Ett til', words: words(90, 'over') });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([
      { field: 'words', message: "must keep the site's themes at 600 words or fewer" },
    ]);
    expect((await api('patch', `/themes/${made[0]}`).send({ words: words(100, 'ny') })).status).toBe(204);
    for (const id of made) expect((await api('delete', `/themes/${id}`)).status).toBe(204);
    for (let i = (await themes()).length; i < 50; i++)
      expect((await api('post', '/themes').send({ name: `T${i}` })).status).toBe(201);
    expect((await api('post', '/themes').send({ name: 'For mange' })).status).toBe(409);
    for (const x of await themes()) if (x.name.startsWith('T') && !x.builtin) await api('delete', `/themes/${x.id}`);
  });

  it('refuses a second theme of the same name, bad words, and an editor who is not an admin', async () => {
    expect((await api('post', '/themes').send({ name: 'skoleskyss', words: [] })).status).toBe(409);
    const bad = await api('post', '/themes').send({ name: ' ', words: ['ok', '***', 'x'.repeat(81)] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'words.1', 'words.2']);
    expect((await api('post', '/themes', tokens.editor).send({ name: 'Ny', words: ['ny'] })).status).toBe(403);
    expect((await api('patch', '/themes/finnes-ikke').send({ name: 'Ny' })).status).toBe(404);
    expect((await api('patch', `/themes/${ids.theme}`).send({})).status).toBe(400);
  });
});

describe('an editor puts a comment in a theme', () => {
  it('records the choice, and a theme by words stays', async () => {
    const res = await api('put', `/feedback/${ids.other}/themes`, tokens.editor).send({ themes: [ids.theme] });
    expect(res.status).toBe(200);
    expect(res.body.themes).toEqual([{ id: ids.theme, by: 'editor' }]);
    const both = await api('put', `/feedback/${ids.link}/themes`, tokens.editor).send({ themes: [ids.theme] });
    expect(both.body.themes).toEqual(
      [
        { id: 'feil', by: 'words' },
        { id: ids.theme, by: 'editor' },
      ].sort((a, b) => a.id!.localeCompare(b.id!)),
    );
    // Taken out again by the editor.
    await api('put', `/feedback/${ids.other}/themes`, tokens.editor).send({ themes: [] });
    expect((await api('get', `/feedback/${ids.other}`, tokens.editor)).body.themes).toEqual([]);
    const audit = await t.db('audit_log').where({ action: 'feedback.themes' }).count({ n: '*' }).first();
    expect(Number(audit?.n)).toBe(3);
  });

  it('refuses an unknown theme, an answer without a comment, and feedback of another site', async () => {
    const unknown = await api('put', `/feedback/${ids.other}/themes`, tokens.editor).send({ themes: ['nei'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'themes.0', message: 'is not a theme of this site' }]);
    const silent = await t.db('feedback').whereNull('comment').first('id');
    expect((await api('put', `/feedback/${silent.id}/themes`, tokens.editor).send({ themes: ['feil'] })).status).toBe(
      400,
    );
    const [elsewhere] = await seedFeedback(fantdu.stores, [
      { site: 'annen', path: '/x', found: false, comment: 'Virker ikke', at: now },
    ]);
    expect((await api('put', `/feedback/${elsewhere}/themes`, tokens.editor).send({ themes: ['feil'] })).status).toBe(
      404,
    );
    expect((await api('put', '/feedback/ikke-en-id/themes', tokens.editor).send({ themes: [] })).status).toBe(404);
    expect((await api('put', `/feedback/${ids.other}/themes`, tokens.editor).send({ themes: 'feil' })).status).toBe(
      400,
    );
  });
});

describe('a theme deleted, a comment erased', () => {
  it('a deleted theme leaves every comment', async () => {
    const res = await api('delete', `/themes/${ids.theme}`);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect((await api('delete', `/themes/${ids.theme}`)).status).toBe(404);
    expect((await api('get', `/feedback/${ids.link}`, tokens.editor)).body.themes).toEqual([
      { id: 'feil', by: 'words' },
    ]);
  });

  it('an erased comment leaves its themes', async () => {
    await fantdu.stores.comments.eraseComments(undefined);
    expect(await t.db('feedback_themes').count({ n: '*' }).first()).toEqual({ n: expect.anything() });
    expect(Number((await t.db('feedback_themes').count({ n: '*' }).first())?.n)).toBe(0);
    expect(await theme('feil')).toMatchObject({ comments: 0, no: 0 });
  });
});
