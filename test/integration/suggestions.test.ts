import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snowClearing } from '../helpers/snow-clearing.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;
let token: string;
let theme: string;

const api = (method: 'get' | 'post' | 'put', path: string) =>
  request(fantdu.callback)[method](`/api/v1/sites/kommune${path}`).set('Authorization', `Bearer ${token}`);
const post = async (comment: string, path = '/vei') => {
  const res = await request(fantdu.callback)
    .post('/api/v1/feedback')
    .set('Origin', origin)
    .send({ site: 'kommune', url: `${origin}${path}`, found: false, comment });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const themesOf = async (id: string) =>
  (await api('get', `/feedback/${id}`)).body.themes as { id: string; by: string }[];
const suggested = async (id: string) => (await themesOf(id)).some((x) => x.id === theme && x.by === 'suggestion');

const { chosen, similar, unrelated } = snowClearing;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_RATE_LIMIT: '100000/60', FANTDU_RETENTION_DAYS: '0' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  token = await fantdu.services.tokens.createToken('kommune', 'Redaktør', 'admin');
  theme = (await api('post', '/themes').send({ name: 'Brøyting', words: [] })).body.id;
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('suggestions learnt from editors', () => {
  let earlier: string;

  it('none before editors have chosen', async () => {
    earlier = await post('Brøytingen av veien vår er elendig i år');
    expect(await themesOf(earlier)).toEqual([]);
  });

  it('after eight comments put in a theme, similar new comments are suggested into it, unrelated not', async () => {
    for (const comment of chosen) {
      const id = await post(comment);
      expect((await api('put', `/feedback/${id}/themes`).send({ themes: [theme] })).status).toBe(200);
    }
    let hits = 0;
    for (const comment of similar) if (await suggested(await post(comment))) hits++;
    let misses = 0;
    for (const comment of unrelated) if (await suggested(await post(comment, '/annet'))) misses++;
    expect(hits).toBeGreaterThanOrEqual(3);
    expect(misses).toBeLessThanOrEqual(1);
  });

  it('a suggestion the database refuses never fails the post: stored, 201, no suggestion', async () => {
    await t.db.raw(`create function refuse_suggestions() returns trigger language plpgsql as $$
      begin if new."by" = 'suggestion' then raise exception 'no suggestions today'; end if; return new; end $$`);
    await t.db.raw(`create trigger refuse_suggestions before insert on feedback_themes
      for each row execute function refuse_suggestions()`);
    try {
      const ids: string[] = [];
      for (const comment of similar) ids.push(await post(comment, '/vei/igjen'));
      expect(await t.db('feedback').whereIn('id', ids).pluck('id')).toHaveLength(ids.length);
      expect(await t.db('feedback_themes').whereIn('feedback_id', ids).where({ theme_id: theme }).select()).toEqual([]);
      expect(fantdu.log.text).toContain('suggesting themes failed');
    } finally {
      await t.db.raw('drop trigger refuse_suggestions on feedback_themes');
      await t.db.raw('drop function refuse_suggestions()');
    }
  });

  it('comments stored before are suggested too, soon after, and counted in the theme', async () => {
    await fantdu.services.suggester.idle();
    expect(await suggested(earlier)).toBe(true);
    const items = (await api('get', '/themes')).body.items as { id: string; comments: number }[];
    expect(items.find((x) => x.id === theme)?.comments).toBeGreaterThanOrEqual(chosen.length + 3);
    const listed = (await api('get', `/feedback?theme=${theme}&limit=100`)).body.items as { id: string }[];
    expect(listed.map((i) => i.id)).toContain(earlier);
  });

  it('an editor rejects a suggestion with one choice, and it is not suggested again', async () => {
    const res = await api('put', `/feedback/${earlier}/themes`).send({ themes: [] });
    expect(res.body.themes).toEqual([]);
    await fantdu.services.suggester.idle();
    expect(await themesOf(earlier)).toEqual([]);
    expect(await t.db('feedback_themes').where({ feedback_id: earlier }).first('by')).toEqual({ by: 'rejected' });
  });

  it('an editor accepts one: it becomes the editor’s', async () => {
    const id = await post('Ingen har brøytet fortauet på en uke');
    expect(await suggested(id)).toBe(true);
    const res = await api('put', `/feedback/${id}/themes`).send({ themes: [theme] });
    expect(res.body.themes).toEqual([{ id: theme, by: 'editor' }]);
  });

  it('choices made at once share learnings (twenty on Postgres: three at most); all are answered', async () => {
    const store = fantdu.stores.themes;
    const learn = store.learn.bind(store);
    let learnings = 0;
    store.learn = (...args) => {
      learnings++;
      return learn(...args);
    };
    try {
      const ids = await Promise.all(similar.map((comment) => post(comment, '/en-annen-vei')));
      const puts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api('put', `/feedback/${ids[i % ids.length]}/themes`).send({ themes: i % 2 ? [theme] : [] }),
        ),
      );
      expect(puts.map((r) => r.status)).toEqual(Array(20).fill(200));
      // The embedded database has one connection: there the choices are made, and learnt from, one after another.
      if (process.env.FANTDU_TEST_DB === 'postgres') expect(learnings).toBeLessThanOrEqual(3);
      else expect(learnings).toBeLessThanOrEqual(20);
    } finally {
      store.learn = learn;
    }
  });

  it('what was learnt goes with the comments it was learnt from when they are erased', async () => {
    expect(await t.db('theme_models').where({ site_id: 'kommune' })).toHaveLength(1);
    await fantdu.services.retention.purge('test');
    expect(await t.db('theme_models').where({ site_id: 'kommune' })).toEqual([]);
    await fantdu.services.suggester.idle();
    expect(await t.db('feedback_themes').where({ site_id: 'kommune' })).toEqual([]);
  });
});
