import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-01-01T12:00:00Z');
const tokens: Record<string, string> = {};

/** Stores one answer at a given time. */
async function answer(at: string, path: string, found: boolean, comment?: string, site = 'kommune') {
  const [id] = await seedFeedback(fantdu.stores, [{ site, path, found, comment, at }]);
  return id as string;
}

const get = (url: string, token = tokens.editor) =>
  request(fantdu.callback).get(url).set('Authorization', `Bearer ${token}`);

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now, env: { FANTDU_RATE_LIMIT: '100000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  tokens.editor = await fantdu.services.tokens.createToken('kommune', 'Rapporter', 'editor');
  tokens.admin = await fantdu.services.tokens.createToken('kommune', 'Drift', 'admin');
  tokens.other = await fantdu.services.tokens.createToken('annen', 'Annen', 'admin');

  // /c: 6 no and 4 yes; /b: a single no; /a: 3 no and 1 yes, over several days.
  for (let i = 0; i < 10; i++) await answer(`2026-02-10T10:0${i}:00Z`, '/c', i >= 6);
  await answer('2026-02-11T10:00:00Z', '/b', false, 'Finner ikke skjemaene for barnehage');
  await answer('2026-02-12T10:00:00Z', '/a', false, 'Hvor er "åpningstidene"?\nRing 912 34 567');
  await answer('2026-02-13T10:00:00Z', '/a', false, '=SUM(A1:A2) er ikke en formel');
  await answer('2026-02-14T10:00:00Z', '/a', false);
  await answer('2026-02-15T10:00:00Z', '/a', true, 'Fant det, takk');
  await answer('2026-02-15T11:00:00Z', '/a/undersiden', true);
  // Around the change to summer time (29 March 2026 02:00 -> 03:00 in Oslo) and across a month.
  await answer('2026-01-31T23:30:00Z', '/sommertid', false); // 1 Feb 00:30 in Oslo
  await answer('2026-03-28T22:30:00Z', '/sommertid', false); // 28 Mar 23:30 CET
  await answer('2026-03-28T23:30:00Z', '/sommertid', true); // 29 Mar 00:30 CET
  await answer('2026-03-29T21:30:00Z', '/sommertid', true); // 29 Mar 23:30 CEST
  await answer('2026-03-29T22:30:00Z', '/sommertid', false); // 30 Mar 00:30 CEST
  await answer('2026-02-12T10:00:00Z', '/annen-side', false, 'Annen kommune', 'annen');
  now = new Date('2026-04-01T12:00:00Z');
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('who may see what', () => {
  it.each(['/pages', '/pages/summary?path=/a', '/feedback', '/feedback.csv', '/audit'])(
    '401 without a credential: %s',
    async (path) => {
      const res = await request(fantdu.callback).get(`/api/v1/sites/kommune${path}`);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(
        (await request(fantdu.callback).get(`/api/v1/sites/kommune${path}`).set('Authorization', 'Bearer fdu_wrong'))
          .status,
      ).toBe(401);
    },
  );

  it('404 for another site, and for one that does not exist', async () => {
    expect((await get('/api/v1/sites/annen/pages')).status).toBe(404);
    expect((await get('/api/v1/sites/finnes-ikke/pages')).status).toBe(404);
    expect((await get('/api/v1/sites/kommune/pages', tokens.other)).status).toBe(404);
    const id = (await t.db('feedback').where({ site_id: 'annen' }).first('id')).id;
    expect(
      (
        await request(fantdu.callback)
          .patch(`/api/v1/sites/kommune/feedback/${id}`)
          .set('Authorization', `Bearer ${tokens.admin}`)
          .send({ status: 'done' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(fantdu.callback)
          .delete(`/api/v1/sites/kommune/feedback/${id}`)
          .set('Authorization', `Bearer ${tokens.admin}`)
      ).status,
    ).toBe(404);
    expect(await t.db('feedback').where({ id }).first()).toMatchObject({ status: 'new' });
  });

  it('the audit is for admins: 403 for an editor', async () => {
    expect((await get('/api/v1/sites/kommune/audit')).status).toBe(403);
    expect((await get('/api/v1/sites/kommune/audit', tokens.admin)).status).toBe(200);
  });

  it('a session from logging in works like a token', async () => {
    const { password } = await fantdu.services.users.addUser('kari@kommune.no', 'kommune', 'editor');
    const outcome = await fantdu.services.users.login('kari@kommune.no', password as string, 'test-client');
    const session = outcome.kind === 'in' ? outcome.sessionId : '';
    const res = await request(fantdu.callback)
      .get('/api/v1/sites/kommune/pages')
      .set('Cookie', `fantdu_session=${session}`);
    expect(res.status).toBe(200);
    expect(
      (await request(fantdu.callback).get('/api/v1/sites/annen/pages').set('Cookie', `fantdu_session=${session}`))
        .status,
    ).toBe(404);
  });
});

describe('GET /pages', () => {
  it('counts per page, most "no" first', async () => {
    const res = await get('/api/v1/sites/kommune/pages');
    expect(res.status).toBe(200);
    expect(res.body.next).toBeNull();
    expect(res.body.items).toEqual([
      {
        path: '/c',
        yes: 4,
        no: 6,
        total: 10,
        comments: 0,
        lastAt: '2026-02-10T10:09:00.000Z',
        views: 0,
        noPer1000: null,
      },
      // Equal "no": more answers first.
      {
        path: '/sommertid',
        yes: 2,
        no: 3,
        total: 5,
        comments: 0,
        lastAt: '2026-03-29T22:30:00.000Z',
        views: 0,
        noPer1000: null,
      },
      {
        path: '/a',
        yes: 1,
        no: 3,
        total: 4,
        comments: 3,
        lastAt: '2026-02-15T10:00:00.000Z',
        views: 0,
        noPer1000: null,
      },
      {
        path: '/b',
        yes: 0,
        no: 1,
        total: 1,
        comments: 1,
        lastAt: '2026-02-11T10:00:00.000Z',
        views: 0,
        noPer1000: null,
      },
      {
        path: '/a/undersiden',
        yes: 1,
        no: 0,
        total: 1,
        comments: 0,
        lastAt: '2026-02-15T11:00:00.000Z',
        views: 0,
        noPer1000: null,
      },
    ]);
    expect(res.body.items.map((p: { path: string }) => p.path)).not.toContain('/annen-side');
  });

  it('sorts by total, by path, and by a share of "no" that one answer cannot top', async () => {
    const paths = async (sort: string) =>
      (await get(`/api/v1/sites/kommune/pages?sort=${sort}`)).body.items.map((p: { path: string }) => p.path);
    expect((await paths('total'))[0]).toBe('/c');
    expect(await paths('path')).toEqual(['/a', '/a/undersiden', '/b', '/c', '/sommertid']);
    const share = await paths('share');
    expect(share.indexOf('/a')).toBeLessThan(share.indexOf('/b'));
    expect(share.indexOf('/c')).toBeLessThan(share.indexOf('/b'));
  });

  it('filters by Oslo dates, both ends included, and by path prefix', async () => {
    const items = async (query: string) => (await get(`/api/v1/sites/kommune/pages?${query}`)).body.items;
    expect(await items('from=2026-02-12&to=2026-02-13&sort=path')).toEqual([
      expect.objectContaining({ path: '/a', no: 2, total: 2 }),
    ]);
    expect(await items('from=2026-02-01&to=2026-02-01')).toEqual([
      expect.objectContaining({ path: '/sommertid', total: 1 }),
    ]);
    expect(await items('to=2026-01-31')).toEqual([]);
    expect((await items('pathPrefix=/a&sort=path')).map((p: { path: string }) => p.path)).toEqual([
      '/a',
      '/a/undersiden',
    ]);
    expect(await items('pathPrefix=%25')).toEqual([]);
  });

  it('pages with a cursor through everything, once each', async () => {
    const seen: string[] = [];
    let url = '/api/v1/sites/kommune/pages?sort=path&limit=2';
    for (let i = 0; i < 10; i++) {
      const { items, next } = (await get(url)).body;
      seen.push(...items.map((p: { path: string }) => p.path));
      if (!next) break;
      url = `/api/v1/sites/kommune/pages?sort=path&limit=2&cursor=${next}`;
    }
    expect(seen).toEqual(['/a', '/a/undersiden', '/b', '/c', '/sommertid']);
  });

  it.each([
    ['sort=best', 'sort'],
    ['from=2026-02-30', 'from'],
    ['from=13.02.2026', 'from'],
    ['from=2026-03-01&to=2026-02-01', 'from'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ti', 'limit'],
    ['cursor=not-ours', 'cursor'],
  ])('400 for %s', async (query, field) => {
    const res = await get(`/api/v1/sites/kommune/pages?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('GET /pages/summary', () => {
  it('a series by day in Oslo time across the change to summer time, empty days as zeros', async () => {
    const res = await get(
      '/api/v1/sites/kommune/pages/summary?path=/sommertid&from=2026-03-27&to=2026-03-31&interval=day',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      path: '/sommertid',
      yes: 2,
      no: 2,
      total: 4,
      comments: 0,
      views: 0,
      series: [
        { start: '2026-03-27', yes: 0, no: 0, views: 0 },
        { start: '2026-03-28', yes: 0, no: 1, views: 0 },
        { start: '2026-03-29', yes: 2, no: 0, views: 0 },
        { start: '2026-03-30', yes: 0, no: 1, views: 0 },
        { start: '2026-03-31', yes: 0, no: 0, views: 0 },
      ],
      changes: [],
    });
  });

  it('by month, across the turn of a month in Oslo time', async () => {
    const res = await get(
      '/api/v1/sites/kommune/pages/summary?path=/sommertid&from=2026-01-01&to=2026-03-31&interval=month',
    );
    expect(res.body.series).toEqual([
      { start: '2026-01-01', yes: 0, no: 0, views: 0 },
      { start: '2026-02-01', yes: 0, no: 1, views: 0 },
      { start: '2026-03-01', yes: 2, no: 2, views: 0 },
    ]);
  });

  it('by week, starting on Mondays, counting only the chosen days', async () => {
    const res = await get('/api/v1/sites/kommune/pages/summary?path=/a&from=2026-02-11&to=2026-02-20&interval=week');
    // 11 February is a Wednesday: its week starts on Monday the 9th, but only the 11th to the 15th count.
    expect(res.body.series).toEqual([
      { start: '2026-02-09', yes: 1, no: 3, views: 0 },
      { start: '2026-02-16', yes: 0, no: 0, views: 0 },
    ]);
    expect(res.body).toMatchObject({ yes: 1, no: 3, total: 4, comments: 3 });
    const earlier = await get(
      '/api/v1/sites/kommune/pages/summary?path=/a&from=2026-02-13&to=2026-02-20&interval=week',
    );
    expect(earlier.body.series[0]).toEqual({ start: '2026-02-09', yes: 1, no: 2, views: 0 });
  });

  it('defaults to the last 30 days by day', async () => {
    const res = await get('/api/v1/sites/kommune/pages/summary?path=/sommertid');
    expect(res.body.series).toHaveLength(30);
    expect(res.body.series.at(-1).start).toBe('2026-04-01');
    expect(res.body.total).toBe(4);
  });

  it('400 without a path, for a bad interval, or for too many buckets', async () => {
    expect((await get('/api/v1/sites/kommune/pages/summary')).status).toBe(400);
    expect((await get('/api/v1/sites/kommune/pages/summary?path=/a&interval=year')).status).toBe(400);
    expect((await get('/api/v1/sites/kommune/pages/summary?path=/a&from=2000-01-01&to=2026-01-01')).status).toBe(400);
  });
});

describe('GET /feedback', () => {
  const list = async (query = '') => (await get(`/api/v1/sites/kommune/feedback?${query}`)).body;

  it('lists feedback newest first with its fields', async () => {
    const { items } = await list('path=/a');
    expect(items).toHaveLength(4);
    expect(items[0]).toEqual({
      id: expect.any(String),
      path: '/a',
      found: true,
      comment: 'Fant det, takk',
      redactions: [],
      status: 'new',
      lang: null,
      createdAt: '2026-02-15T10:00:00.000Z',
      themes: [],
    });
    expect(items[2].redactions).toEqual([]);
    expect(items[3].comment).toBe('Hvor er "åpningstidene"?\nRing [telefon]');
    expect(items[3].redactions).toEqual(['telefon']);
  });

  it.each([
    ['found=false&path=/a', 3],
    ['found=nei&path=/a', 3],
    ['hasComment=true', 4],
    ['hasComment=false&path=/a', 1],
    ['pathPrefix=/a', 5],
    ['from=2026-02-13&to=2026-02-14', 2],
    ['q=åpningstid', 1],
    ['q=SKJEMA', 1],
    ['q=barnehagen', 1],
    ['q=100%25', 0],
    ['status=done', 0],
    ['status=new&path=/c', 10],
  ])('filters: %s gives %i', async (query, count) => {
    expect((await list(query)).items).toHaveLength(count);
  });

  it('pages with a cursor, stable and complete', async () => {
    const ids: string[] = [];
    let query = 'limit=3';
    for (let i = 0; i < 20; i++) {
      const { items, next } = await list(query);
      ids.push(...items.map((f: { id: string }) => f.id));
      if (!next) break;
      query = `limit=3&cursor=${next}`;
    }
    expect(ids).toHaveLength(21);
    expect(new Set(ids).size).toBe(21);
  });

  it('400 for a bad filter', async () => {
    for (const query of ['found=kanskje', 'hasComment=1', 'status=old', `q=${'x'.repeat(201)}`, 'cursor=abc']) {
      expect((await get(`/api/v1/sites/kommune/feedback?${query}`)).status).toBe(400);
    }
  });
});

describe('GET /feedback.csv', () => {
  it('streams UTF-8 CSV with a BOM, with the filters and separator asked for, safe for Excel', async () => {
    const res = await get('/api/v1/sites/kommune/feedback.csv?path=/a&sep=;')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    const text = res.body as string;
    expect(text.startsWith('\uFEFFid;createdAt;path;found;comment;redactions;status;lang;themes\r\n')).toBe(true);
    expect(text).toContain(';2026-02-15 11:00:00;/a;ja;Fant det, takk;;new;;\r\n');
    expect(text).toContain(`;"Hvor er ""åpningstidene""?\nRing [telefon]";telefon;new;`);
    expect(text).toContain(";'=SUM(A1:A2) er ikke en formel;");
    expect(text.trim().split('\r\n')).toHaveLength(1 + 4);
  });

  it('uses commas when asked, or by default', async () => {
    const res = await get('/api/v1/sites/kommune/feedback.csv?path=/b');
    expect(res.text.split('\r\n')[0]).toBe('\uFEFFid,createdAt,path,found,comment,redactions,status,lang,themes');
    expect(res.text).toContain(',/b,nei,Finner ikke skjemaene for barnehage,,new,');
  });
});

describe('triage', () => {
  it('PATCH sets the status; 400 for a bad one; 404 for an unknown id', async () => {
    const id = (await t.db('feedback').where({ path: '/b' }).first('id')).id;
    const patch = (body: object, target = id) =>
      request(fantdu.callback)
        .patch(`/api/v1/sites/kommune/feedback/${target}`)
        .set('Authorization', `Bearer ${tokens.editor}`)
        .send(body);
    const res = await patch({ status: 'done' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'done' });
    expect((await t.db('feedback').where({ id }).first()).status).toBe('done');
    expect((await patch({ status: 'gone' })).status).toBe(400);
    expect((await patch({})).status).toBe(400);
    expect((await patch({ status: 'read' }, randomUUID())).status).toBe(404);
    expect((await patch({ status: 'read' }, 'not-a-uuid')).status).toBe(404);
    expect((await list('status=done')).items.map((f: { id: string }) => f.id)).toEqual([id]);
  });

  it('DELETE erases the row itself: 204, then 404', async () => {
    const id = (await t.db('feedback').where({ comment: 'Fant det, takk' }).first('id')).id;
    const del = () =>
      request(fantdu.callback)
        .delete(`/api/v1/sites/kommune/feedback/${id}`)
        .set('Authorization', `Bearer ${tokens.editor}`);
    expect((await del()).status).toBe(204);
    expect(await t.db('feedback').where({ id }).first()).toBeUndefined();
    expect((await del()).status).toBe(404);
  });

  it('the audit shows exports, status changes, deletions and tokens, who and when, and no comment text', async () => {
    const res = await get('/api/v1/sites/kommune/audit?limit=100', tokens.admin);
    const actions = res.body.items.map((e: { action: string }) => e.action);
    for (const action of [
      'feedback.export',
      'feedback.status',
      'feedback.delete',
      'token.create',
      'user.create',
      'login',
    ])
      expect(actions).toContain(action);
    const status = res.body.items.find((e: { action: string }) => e.action === 'feedback.status');
    expect(status).toMatchObject({
      actor: 'token:Rapporter',
      details: { from: 'new', to: 'done' },
      at: expect.any(String),
    });
    const text = JSON.stringify(res.body);
    for (const comment of ['Fant det', 'skjemaene', 'åpningstid']) expect(text).not.toContain(comment);
  });
});

async function list(query: string) {
  return (await get(`/api/v1/sites/kommune/feedback?${query}`)).body;
}
