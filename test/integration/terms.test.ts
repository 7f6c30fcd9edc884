import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;
const now = new Date('2026-03-10T12:00:00Z');
let token: string;

const post = (path: string, found: boolean, comment: string) =>
  request(fantdu.callback)
    .post('/api/v1/feedback')
    .set('Origin', origin)
    .send({ site: 'kommune', url: `${origin}${path}`, found, comment });
const terms = async (query = '') => {
  const res = await request(fantdu.callback)
    .get(`/api/v1/sites/kommune/terms${query}`)
    .set('Authorization', `Bearer ${token}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { comments: number; items: { term: string; comments: number; no: number; previous?: number }[] };
};
const termOf = (body: Awaited<ReturnType<typeof terms>>, term: string) => body.items.find((i) => i.term === term);

/** Eight comments on the library's opening hours in five inflections (bokmål and nynorsk), and others. */
const comments: [string, boolean, string][] = [
  ['/bibliotek', false, 'Finner ikke åpningstidene for biblioteket'],
  ['/bibliotek', false, 'Hva er åpningstiden i påsken?'],
  ['/bibliotek', false, 'Åpningstider for biblioteket mangler. Ring meg på 912 34 567'],
  ['/bibliotek', true, 'Åpningstida til biblioteket var lett å finne'],
  ['/bibliotek/filial', false, 'Kva er åpningstidene på filialen?'],
  ['/bibliotek/filial', false, 'Åpningstid på lørdag?'],
  ['/svommehall', false, 'Åpningstidene for svømmehallen er feil'],
  ['/svommehall', true, 'Fine åpningstider, og svømmehallen er flott'],
  ['/skole', false, 'Jeg fant ikke skjemaet for skoleskyss'],
  ['/skole', false, 'Skjema for skoleskyss virker ikke. Kontakt meg på kari@example.no'],
  ['/skole', true, 'Skoleskyss: alt jeg trengte'],
];

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now, env: { FANTDU_RATE_LIMIT: '100000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  token = await fantdu.services.tokens.createToken('kommune', 'Rapporter', 'editor');
  for (const [path, found, comment] of comments) expect((await post(path, found, comment)).status).toBe(201);
  await seedFeedback(fantdu.stores, [
    { site: 'annen', path: '/x', found: false, comment: 'Åpningstidene for rådhuset', at: now },
    // Earlier periods: February and a year before.
    { site: 'kommune', path: '/bibliotek', found: false, comment: 'Åpningstidene i vinterferien', at: '2026-02-20' },
    { site: 'kommune', path: '/skole', found: false, comment: 'Skjemaet for skoleskyss', at: '2025-03-10' },
  ]);
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('terms', () => {
  it('joins every inflection in the most common written form, with comment and "no" counts', async () => {
    const body = await terms('?from=2026-03-01');
    expect(body.comments).toBe(comments.length);
    expect(body.items[0]).toEqual({ term: 'åpningstidene', comments: 8, no: 6 });
    expect(termOf(body, 'biblioteket')).toEqual({ term: 'biblioteket', comments: 3, no: 2 });
    expect(termOf(body, 'skoleskyss')).toEqual({ term: 'skoleskyss', comments: 3, no: 2 });
    // Two-word phrases, counted once per comment.
    expect(termOf(body, 'skoleskyss virker')).toEqual({ term: 'skoleskyss virker', comments: 1, no: 1 });
    // skjema and skjemaet are one term, though Snowball alone would split them.
    expect(termOf(body, 'skjema') ?? termOf(body, 'skjemaet')).toMatchObject({ comments: 2, no: 2 });
  });

  it('leaves out stop words, words every answer uses, and the removal tokens', async () => {
    const words = (await terms('?limit=500')).items.flatMap((i) => i.term.split(' '));
    for (const left of ['ikke', 'for', 'er', 'hva', 'kva', 'jeg', 'meg', 'på', 'finner', 'fant', 'finne', 'lett'])
      expect(words).not.toContain(left);
    expect(words.join(' ')).not.toMatch(/telefon|e-post|\[|912|kari|example/);
  });

  it('narrows to a page or a section, to "no", and takes all time without a range', async () => {
    // A page's terms are written as the site writes them most often.
    expect((await terms('?path=/bibliotek&from=2026-03-01')).items[0]).toEqual({
      term: 'åpningstidene',
      comments: 4,
      no: 3,
    });
    const section = await terms('?pathPrefix=/bibliotek&from=2026-03-01');
    expect(section.comments).toBe(6);
    expect(section.items[0]).toMatchObject({ comments: 6, no: 5 });
    const no = await terms('?found=no&from=2026-03-01');
    expect(no.comments).toBe(8);
    expect(no.items[0]).toEqual({ term: 'åpningstidene', comments: 6, no: 6 });
    expect((await terms('?found=yes&from=2026-03-01')).items[0]).toEqual({
      term: 'åpningstidene',
      comments: 2,
      no: 0,
    });
    const all = await terms();
    expect(all.comments).toBe(comments.length + 2);
    expect(termOf(all, 'skoleskyss')).toMatchObject({ comments: 4 });
    expect(await terms('?q=svømmehallen&from=2026-03-01')).toMatchObject({ comments: 2 });
  });

  it('compares with the period of equal length before', async () => {
    const body = await terms('?from=2026-03-01&to=2026-03-31&compare=previous');
    expect(body.items[0]).toEqual({ term: 'åpningstidene', comments: 8, no: 6, previous: 1 });
    expect(termOf(body, 'skoleskyss')?.previous).toBe(0);
    const page = await terms('?path=/bibliotek&from=2026-03-01&compare=previous');
    expect(page.items[0]).toMatchObject({ comments: 4, previous: 1 });
    const res = await request(fantdu.callback)
      .get('/api/v1/sites/kommune/terms?compare=previous')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'compare', message: 'needs from' }]);
  });

  it('leaves spam out, and takes it back when unmarked; an erased comment leaves its terms', async () => {
    const [spam] = await seedFeedback(fantdu.stores, [
      { site: 'kommune', path: '/spam', found: false, comment: 'Billige klokker billige klokker', at: now },
    ]);
    expect(termOf(await terms('?from=2026-03-01'), 'billige')).toMatchObject({ comments: 1 });
    const mark = (status: string) =>
      request(fantdu.callback)
        .patch(`/api/v1/sites/kommune/feedback/${spam}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ status });
    expect((await mark('spam')).status).toBe(200);
    const marked = await terms('?from=2026-03-01');
    expect(marked.comments).toBe(comments.length);
    expect(termOf(marked, 'billige')).toBeUndefined();
    expect(termOf(await terms('?from=2026-03-01&status=spam'), 'billige')).toMatchObject({ comments: 1 });
    expect((await mark('read')).status).toBe(200);
    expect(termOf(await terms('?from=2026-03-01'), 'billige')).toMatchObject({ comments: 1 });
    expect(
      (
        await request(fantdu.callback)
          .delete(`/api/v1/sites/kommune/feedback/${spam}`)
          .set('Authorization', `Bearer ${token}`)
      ).status,
    ).toBe(204);
    expect(termOf(await terms('?from=2026-03-01'), 'billige')).toBeUndefined();
    expect(await t.db('term_forms').where({ site_id: 'kommune', form: 'billige' })).toEqual([]);
  });

  it('counts the same with the kept counts as with the comments read', async () => {
    // A filter that changes nothing (status is never "new" here... all are new) reads the comments themselves.
    const kept = await terms('?from=2026-03-01&limit=500');
    const read = await terms('?from=2026-03-01&limit=500&status=new');
    expect(read).toEqual(kept);
  });

  it('refuses bad values with a 400 naming each', async () => {
    const res = await request(fantdu.callback)
      .get('/api/v1/sites/kommune/terms?limit=0&compare=next&from=2026-02-30')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['compare', 'from', 'limit']);
  });

  it("gives nothing of another site's comments, and no other site's terms to this token", async () => {
    expect(termOf(await terms('?limit=500'), 'rådhuset')).toBeUndefined();
    const res = await request(fantdu.callback).get('/api/v1/sites/annen/terms').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(404); // as for every site not in the credential's scope
  });
});
