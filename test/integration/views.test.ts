import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/metrics.ts';
import { ViewCounter } from '../../src/views/view-counter.ts';
import { maxPagesPerDay } from '../../src/views/view-store.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { type Answer, rawPost, seen } from '../helpers/raw-post.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
const page = `${origin}/skole/index.html?fnr=01019012345#top`;
// 28 March 2026, 23:30 in Oslo; an hour later it is the 29th (and summer time begins at 02:00).
let now = new Date('2026-03-28T22:30:00Z');
let t: TestDb;
let fantdu: TestApp;
let server: Server;
let base: string;
let token: string;
let clients = 0;
/** An address no earlier test has used, so that each test has a view budget of its own. */
const freshClient = () => `203.0.113.${++clients}`;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, {
    clock: () => now,
    env: { FANTDU_VIEW_LIMIT: '5/600', FANTDU_RATE_LIMIT: '3/600', FANTDU_TRUST_PROXY: '1' },
  });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  token = await fantdu.services.tokens.createToken('kommune', 'Rapporter', 'editor');
  server = createServer(fantdu.callback);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fantdu.close();
  await t.drop();
});

/** A raw request: any request target (absolute-form too), any headers, any body. */
const send = (target: string, headers: Record<string, string>, body?: string) =>
  rawPost((server.address() as AddressInfo).port, target, headers, body);

/** A view as navigator.sendBeacon(url, string) sends it: text/plain, the page's origin. */
const beacon = (body: object | string, client = freshClient(), target = '/api/v1/views', headers = {}) =>
  send(
    target,
    { 'content-type': 'text/plain;charset=UTF-8', origin, 'x-forwarded-for': client, ...headers },
    typeof body === 'string' ? body : JSON.stringify(body),
  );
const json = (body: object | string, client = freshClient(), headers: Record<string, string> = {}) =>
  send(
    '/api/v1/views',
    { 'content-type': 'application/json', origin, 'x-forwarded-for': client, ...headers },
    typeof body === 'string' ? body : JSON.stringify(body),
  );
const chunked = { 'transfer-encoding': 'chunked' };
const problem = (a: Answer) => JSON.parse(a.body) as { status: number; detail: string; errors?: { field: string }[] };
const flush = () => fantdu.services.views.runOnce();
const viewRows = () =>
  t
    .db('page_views')
    .orderBy(['site_id', 'path', 'day'])
    .select('site_id', 'path', t.db.raw(`to_char(day, 'YYYY-MM-DD') as day`), t.db.raw('views::int as views'));
const get = (url: string) => request(fantdu.callback).get(url).set('Authorization', `Bearer ${token}`);

describe('POST /api/v1/views: counted', () => {
  it('204 for JSON and for text/plain holding JSON, readable by the site’s origin; counted per Oslo day', async () => {
    const a = await json({ site: 'kommune', url: page });
    expect(a.status).toBe(204);
    expect(a.body).toBe('');
    expect(a.headers['access-control-allow-origin']).toBe(origin);
    const b = await beacon({ site: 'kommune', url: page });
    expect(b.status).toBe(204);
    expect((await beacon({ site: 'kommune', url: `${origin}/skole/` })).status).toBe(204);
    now = new Date('2026-03-28T23:30:00Z'); // 00:30 on the 29th in Oslo
    expect((await beacon({ site: 'kommune', url: `${origin}//skole/index.htm` })).status).toBe(204);
    expect((await beacon({ site: 'kommune', url: `${origin}/annen-side` })).status).toBe(204);
    expect(await viewRows()).toEqual([]); // held in memory until the flush
    await flush();
    expect(await viewRows()).toEqual([
      { site_id: 'kommune', path: '/annen-side', day: '2026-03-29', views: 1 },
      { site_id: 'kommune', path: '/skole/', day: '2026-03-28', views: 3 },
      { site_id: 'kommune', path: '/skole/', day: '2026-03-29', views: 1 },
    ]);
    // A later flush adds to the days it finds.
    await beacon({ site: 'kommune', url: page });
    await flush();
    expect(await viewRows()).toContainEqual({ site_id: 'kommune', path: '/skole/', day: '2026-03-29', views: 2 });
    expect(await t.db('page_view_months').where({ path: '/skole/' }).first(t.db.raw('views::int as views'))).toEqual({
      views: 5,
    });
    const metrics = await fantdu.services.metrics.registry.metrics();
    expect(metrics).toMatch(/^fantdu_views_counted_total\{site="kommune"\} 6$/m);
  });

  it('answers a view before Koa as the route answers it, and hands anything unusual on to the route', async () => {
    const view = JSON.stringify({ site: 'kommune', url: `${origin}/for-koa` });
    // With its length, a beacon is answered before Koa; sent in chunks (no length), it goes the route's way (which
    // logs a line for each request at debug).
    const routeLines = () => fantdu.log.lines.filter((l) => l.includes('"route":"/api/v1/views"')).length;
    const lines = routeLines();
    const before = await beacon(view);
    expect(routeLines()).toBe(lines);
    const route = await beacon(view, freshClient(), '/api/v1/views', { 'transfer-encoding': 'chunked' });
    expect(routeLines()).toBe(lines + 1);
    const jsonBefore = await json(view);
    const jsonRoute = await json(view, freshClient(), { 'transfer-encoding': 'chunked' });
    expect(seen(before)).toEqual(seen(route));
    expect(seen(jsonBefore)).toEqual(seen(jsonRoute));
    expect(seen(jsonBefore).headers).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': origin,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    // Other spellings of the path are the router's: two slashes is no route of it, before Koa or not.
    expect((await beacon(view, freshClient(), '/api/v1/views//')).status).toBe(404);
    expect((await beacon(view, freshClient(), 'http://x/a/../api/v1/views')).status).toBe(404);
    // What does not check out is the route's to answer, with the body read before Koa.
    for (const [body, status] of [
      ['{"site":"kommune"', 400],
      ['"just a string"', 400],
      [JSON.stringify({ site: 'kommune', url: 'https://www.annen.no/x' }), 403],
      [JSON.stringify({ site: 'finnes-ikke', url: `${origin}/x` }), 404],
    ] as const) {
      const fast = await json(body);
      const slow = await json(body, freshClient(), { 'transfer-encoding': 'chunked' });
      expect(fast.status, body).toBe(status);
      expect(seen(fast), body).toEqual(seen(slow));
      const asBeacon = await beacon(body);
      expect(seen(asBeacon), body).toEqual(seen(await beacon(body, freshClient(), '/api/v1/views', chunked)));
    }
    await flush();
    expect((await viewRows()).filter((r) => r.path === '/for-koa').map((r) => r.views)).toEqual([4]);
    const metrics = await fantdu.services.metrics.registry.metrics();
    expect(metrics).toMatch(/^fantdu_http_requests_total\{method="POST",route="\/api\/v1\/views",status="204"\} \d+$/m);
  });

  it('keeps nothing per view: no address, no query string, no time of day, anywhere in the database', async () => {
    await json({ site: 'kommune', url: `${origin}/spor?epost=ola@example.no` }, '198.51.100.77');
    await flush();
    const tables: { tablename: string }[] = await t.db('pg_tables').where({ schemaname: 'public' }).select('tablename');
    for (const { tablename } of tables) {
      const rows = await t.db.raw(`select row_to_json(x)::text as row from "${tablename}" x`);
      const text = rows.rows.map((r: { row: string }) => r.row).join('\n');
      expect(text, tablename).not.toContain('198.51.100');
      expect(text, tablename).not.toContain('ola@example.no');
      expect(text, tablename).not.toContain('fnr=');
    }
    const columns = await t.db('information_schema.columns').where({ table_name: 'page_views' }).pluck('column_name');
    expect(columns.sort()).toEqual(['day', 'path', 'site_id', 'views']);
  });
});

describe('POST /api/v1/views: refused like feedback', () => {
  it.each([
    [{ url: page }, ['site']],
    [{ site: 'kommune' }, ['url']],
    [{ site: 'Kommune!', url: page }, ['site']],
    [{ site: 'kommune', url: 'ftp://www.kommune.no/x' }, ['url']],
    [{ site: 'kommune', url: '/relativ' }, ['url']],
    [{ site: 'kommune', url: `${origin}/${'x'.repeat(2048)}` }, ['url']],
    [{ site: 'kommune', url: 7 }, ['url']],
    [[1, 2], ['']],
  ])('400 with field errors for %j', async (body, fields) => {
    for (const answer of [await json(body), await beacon(body)]) {
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(problem(answer).errors?.map((e) => e.field)).toEqual(fields);
    }
  });

  it.each(['not json', '{"site":', '"kommune"', 'null', ''])(
    '400 for a body that is not a JSON object: %j',
    async (body) => {
      for (const answer of [await json(body), await beacon(body)]) {
        expect(answer.status).toBe(400);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body).not.toContain('{"site":');
      }
    },
  );

  it('reads JSON in text/plain as JSON is read: a byte-order mark dropped, a "__proto__" key refused', async () => {
    const view = JSON.stringify({ site: 'kommune', url: page });
    for (const answer of [await json(`\uFEFF${view}`), await beacon(`\uFEFF${view}`)]) expect(answer.status).toBe(204);
    const proto = `{"site":"kommune","url":${JSON.stringify(page)},"__proto__":{"x":1}}`;
    for (const answer of [await json(proto), await beacon(proto), await beacon(proto, freshClient(), '/api/v1/views/')])
      expect(answer.status).toBe(400);
  });

  it('404 for an unknown site', async () => {
    const answer = await beacon({ site: 'ukjent', url: page });
    expect(answer.status).toBe(404);
    expect(problem(answer).detail).toContain('ukjent');
  });

  it('403 for another origin, another site’s origin, or a page on another origin', async () => {
    for (const from of ['https://evil.example', 'https://www.annen.no']) {
      const answer = await json({ site: 'kommune', url: page }, freshClient(), { origin: from });
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(
        (await beacon({ site: 'kommune', url: page }, freshClient(), '/api/v1/views', { origin: from })).status,
      ).toBe(403);
    }
    expect((await beacon({ site: 'kommune', url: 'https://www.annen.no/x' })).status).toBe(403);
    expect((await beacon({ site: 'kommune', url: 'http://www.kommune.no/x' })).status).toBe(403);
    // A beacon from a no-referrer page says `Origin: null`: judged by its page, as a form is; JSON is not.
    expect(
      (await beacon({ site: 'kommune', url: page }, freshClient(), '/api/v1/views', { origin: 'null' })).status,
    ).toBe(204);
    expect(
      (
        await beacon({ site: 'kommune', url: 'https://evil.example/' }, freshClient(), '/api/v1/views', {
          origin: 'null',
        })
      ).status,
    ).toBe(403);
    expect((await json({ site: 'kommune', url: page }, freshClient(), { origin: 'null' })).status).toBe(403);
  });

  it('413 for a body over 4 KiB, of either type; just under goes on to the field checks', async () => {
    const over = JSON.stringify({ site: 'kommune', url: `${origin}/${'x'.repeat(4 * 1024)}` });
    for (const answer of [await json(over), await beacon(over)]) {
      expect(answer.status).toBe(413);
      expect(problem(answer).detail).toBe('The body is larger than 4 KiB.');
    }
    const under = JSON.stringify({ site: 'kommune', url: `${origin}/${'x'.repeat(4 * 1024 - 60)}` });
    expect((await beacon(under)).status).toBe(400);
    // A body far over, announced by its Content-Length, is refused without being read.
    expect((await beacon('x'.repeat(1024 * 1024))).status).toBe(413);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'site=kommune'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/xml', '<a/>'],
    ['text/html', '<p>'],
  ])('415 for %s', async (type, body) => {
    const answer = await send(
      '/api/v1/views',
      { 'content-type': type, origin, 'x-forwarded-for': freshClient() },
      body,
    );
    expect(answer.status).toBe(415);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('415 for a post without a body', async () => {
    expect((await request(fantdu.callback).post('/api/v1/views')).status).toBe(415);
  });

  it('a preflight allows the sites’ origins to post JSON', async () => {
    const res = await request(fantdu.callback)
      .options('/api/v1/views')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-methods']).toBe('POST');
    const evil = await request(fantdu.callback).options('/api/v1/views').set('Origin', 'https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('FANTDU_VIEW_LIMIT, however the path is written', () => {
  const view = { site: 'kommune', url: `${origin}/grense` };
  const spellings = () => [
    '/api/v1/views',
    '/api/v1/views/',
    '/API/V1/VIEWS',
    '/api/v1/Views',
    '/api/v1/views//',
    '/api/v1/views?x=1',
    '/Api/V1/Views/?',
    `${base}/api/v1/views`,
    `${base}/API/v1/views/`,
    'http://another.example/api/v1/views',
  ];

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('spelling %i: no more views counted than the limit allows', async (i) => {
    const target = spellings()[i] as string;
    const client = freshClient();
    const answers: Answer[] = [];
    for (let n = 0; n < 7; n++) answers.push(await beacon(view, client, target));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(5);
    if (statuses.includes(204)) expect(statuses.slice(5)).toEqual([429, 429]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.headers['retry-after']).toMatch(/^\d+$/);
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(problem(a).detail).toMatch(/page views/);
    }
  });

  it('spellings mixed by one client share one budget, apart from the feedback limit', async () => {
    const client = freshClient();
    const statuses = [];
    const mixed = ['/api/v1/views', '/API/V1/VIEWS', `${base}/api/v1/views`, '/api/v1/views/', '/api/v1/Views'];
    for (const target of [...mixed, ...mixed.slice(0, 2)]) statuses.push((await beacon(view, client, target)).status);
    expect(statuses).toEqual([204, 204, 204, 204, 204, 429, 429]);
    // The feedback budget (3) is the client's still.
    const feedback = await send(
      '/api/v1/feedback',
      { 'content-type': 'application/json', origin, 'x-forwarded-for': client },
      JSON.stringify({ site: 'kommune', url: `${origin}/grense`, found: true }),
    );
    expect(feedback.status).toBe(201);
    const metrics = await fantdu.services.metrics.registry.metrics();
    expect(metrics).toMatch(/^fantdu_views_rate_limited_total [1-9]\d*$/m);
  });

  it('a view that reaches the route without the gate before Koa is counted by the route itself', async () => {
    const koaOnly = createServer(fantdu.app.callback());
    await new Promise<void>((resolve) => koaOnly.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = koaOnly.address() as AddressInfo;
      const statuses = [];
      for (let n = 0; n < 7; n++) {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/views`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin, 'x-forwarded-for': '192.0.2.77' },
          body: JSON.stringify(view),
        });
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      expect(statuses).toEqual([204, 204, 204, 204, 204, 429, 429]);
    } finally {
      await new Promise((resolve) => koaOnly.close(resolve));
    }
  });
});

describe('views in the reports', () => {
  const views = async (path: string, day: string, n: number) => {
    now = new Date(`${day}T10:00:00Z`);
    for (let i = 0; i < n; i++) fantdu.services.views.count('kommune', new URL(`${origin}${path}`));
  };

  beforeAll(async () => {
    await t.db('page_views').delete();
    await t.db('page_view_months').delete();
    // /a: 2000 views, 3 no; /b: 100 views, 2 no; /c: answers but no views; /d: views but no answers.
    await views('/a', '2026-05-10', 1500);
    await views('/a', '2026-06-15', 400);
    await views('/a', '2026-07-01', 100);
    await views('/b', '2026-05-31', 100);
    await views('/d', '2026-05-20', 50);
    await flush();
    const at = '2026-05-20T10:00:00Z';
    await seedFeedback(fantdu.stores, [
      ...[1, 2, 3].map(() => ({ site: 'kommune', path: '/a', found: false, at })),
      { site: 'kommune', path: '/a', found: true, at },
      ...[1, 2].map(() => ({ site: 'kommune', path: '/b', found: false, at })),
      ...[1, 2, 3, 4].map(() => ({ site: 'kommune', path: '/c', found: false, at })),
    ]);
    now = new Date('2026-07-15T10:00:00Z');
  });

  const items = async (query: string) => {
    const res = await get(`/api/v1/sites/kommune/pages?${query}`);
    expect(res.status).toBe(200);
    return res.body.items as { path: string; views: number; noPer1000: number | null }[];
  };

  it('pages carry views and "no" per 1000 views (null without views)', async () => {
    expect(await items('from=2026-05-01&to=2026-07-31')).toEqual([
      expect.objectContaining({ path: '/c', no: 4, views: 0, noPer1000: null }),
      expect.objectContaining({ path: '/a', no: 3, total: 4, views: 2000, noPer1000: 1.5 }),
      expect.objectContaining({ path: '/b', no: 2, views: 100, noPer1000: 20 }),
    ]);
  });

  it('sorts by views and by "no" per 1000 views, pages without views last', async () => {
    const range = 'from=2026-05-01&to=2026-07-31';
    const paths = async (q: string) => (await items(`${range}&${q}`)).map((p) => p.path);
    expect(await paths('sort=views')).toEqual(['/a', '/b', '/c']);
    expect(await paths('sort=noPer1000')).toEqual(['/b', '/a', '/c']);
    expect(await paths('sort=noPer1000&limit=1')).toEqual(['/b']);
    const first = await get(`/api/v1/sites/kommune/pages?${range}&sort=views&limit=1`);
    const next = await get(`/api/v1/sites/kommune/pages?${range}&sort=views&limit=1&cursor=${first.body.next}`);
    expect(next.body.items.map((p: { path: string }) => p.path)).toEqual(['/b']);
    const bad = await get('/api/v1/sites/kommune/pages?sort=visninger');
    expect(bad.status).toBe(400);
  });

  it.each([
    ['', 2000],
    ['from=2026-05-10&to=2026-05-10', 1500],
    ['from=2026-05-11&to=2026-06-30', 400],
    ['from=2026-05-01&to=2026-06-30', 1900],
    ['from=2026-05-10&to=2026-07-01', 2000],
    ['from=2026-06-15', 500],
    ['to=2026-06-14', 1500],
    ['to=2026-06-30', 1900],
    ['from=2026-06-01', 500],
    ['from=2026-06-16&to=2026-06-30', 0],
  ])('views of a range add whole months and the days at its ends: %s', async (query, expected) => {
    const a = (await items(`${query}&sort=path`)).find((p) => p.path === '/a');
    const direct = await t.db.raw(
      `select coalesce(sum(views), 0)::int as n from page_views where path = '/a'
       and day between coalesce(?::date, '-infinity') and coalesce(?::date, 'infinity')`,
      [new URLSearchParams(query).get('from'), new URLSearchParams(query).get('to')],
    );
    expect(direct.rows[0].n).toBe(expected);
    // The answers on /a are all on 20 May: a range without that day has no row for /a.
    if (a) expect(a.views).toBe(expected);
  });

  it('the summary has the views of the range and of each bucket', async () => {
    const res = await get('/api/v1/sites/kommune/pages/summary?path=/a&from=2026-05-01&to=2026-07-31&interval=month');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      path: '/a',
      yes: 1,
      no: 3,
      total: 4,
      comments: 0,
      views: 2000,
      series: [
        { start: '2026-05-01', yes: 1, no: 3, views: 1500 },
        { start: '2026-06-01', yes: 0, no: 0, views: 400 },
        { start: '2026-07-01', yes: 0, no: 0, views: 100 },
      ],
      changes: [],
    });
    const d = await get('/api/v1/sites/kommune/pages/summary?path=/d&from=2026-05-19&to=2026-05-21');
    expect(d.body).toMatchObject({ total: 0, views: 50 });
    expect(d.body.series.map((b: { views: number }) => b.views)).toEqual([0, 50, 0]);
  });
});

describe('writing the counts', () => {
  const log = createLogger('silent', pino.destination('/dev/null'));

  it('a stop writes what is held before the database closes', async () => {
    const other = createTestApp(t.db, { clock: () => new Date('2026-08-01T10:00:00Z') });
    for (let i = 0; i < 7; i++) other.services.views.count('kommune', new URL(`${origin}/stopp`));
    await other.close();
    expect(await t.db('page_views').where({ path: '/stopp' }).first(t.db.raw('views::int as views'))).toEqual({
      views: 7,
    });
  });

  it('a failed write keeps its counts for the next, and says nothing of the pages in the log', async () => {
    const counter = new ViewCounter(fantdu.stores.views, () => new Date('2026-08-02T10:00:00Z'), createMetrics(), log);
    counter.count('kommune', new URL(`${origin}/feil`));
    counter.count('kommune', new URL(`${origin}/feil`));
    await t.db.raw('alter table page_view_months rename to page_view_months_away');
    try {
      await counter.runOnce();
      expect(counter.waiting).toBe(1);
    } finally {
      await t.db.raw('alter table page_view_months_away rename to page_view_months');
    }
    expect(await t.db('page_views').where({ path: '/feil' }).first()).toBeUndefined();
    counter.count('kommune', new URL(`${origin}/feil`));
    await counter.runOnce();
    expect(counter.waiting).toBe(0);
    expect(await t.db('page_views').where({ path: '/feil' }).first(t.db.raw('views::int as views'))).toEqual({
      views: 3,
    });
  });

  it('a flood of distinct pages is bounded: flushed early, and what finds it full is dropped and counted', async () => {
    const metrics = createMetrics();
    const counter = new ViewCounter(fantdu.stores.views, () => new Date('2026-08-03T10:00:00Z'), metrics, log, {
      maxKeys: 100,
      maxChars: 1_000_000,
    });
    const counted = [];
    for (let i = 0; i < 250; i++) counted.push(counter.count('kommune', new URL(`${origin}/flom/${i}`)));
    expect(counter.waiting).toBe(100);
    // The first 100 went to the database at once and the next 100 were held; the rest found it full meanwhile.
    expect(counted.filter((c) => !c).length).toBe(50);
    await counter.runOnce();
    const flood = await t.db('page_views').where('path', 'like', '/flom/%').first(t.db.raw('count(*)::int as n'));
    expect(flood).toEqual({ n: 200 });
    expect(await metrics.registry.metrics()).toMatch(/^fantdu_views_dropped_total 50$/m);
    // Long paths fill it by their length first.
    const byChars = new ViewCounter(fantdu.stores.views, () => new Date(), metrics, log, {
      maxKeys: 100,
      maxChars: 10_000,
    });
    for (let i = 0; i < 20; i++) byChars.count('kommune', new URL(`${origin}/${'l'.repeat(1900)}/${i}`));
    expect(byChars.waiting).toBeLessThanOrEqual(5);
    await byChars.runOnce();
  });

  it('views of a site deleted before the flush are dropped, not a failed flush', async () => {
    await fantdu.services.sites.add({ id: 'borte', name: 'Borte', origins: ['https://borte.example'] });
    const counter = new ViewCounter(fantdu.stores.views, () => new Date(), createMetrics(), log);
    counter.count('borte', new URL('https://borte.example/x'));
    counter.count('kommune', new URL(`${origin}/blir`));
    await t.db('sites').where({ id: 'borte' }).delete();
    await counter.runOnce();
    expect(counter.waiting).toBe(0);
    expect(await t.db('page_views').where({ path: '/blir' }).first()).toBeDefined();
  });

  it('a day counts at most maxPagesPerDay pages of a site; views of pages it counted already still count', async () => {
    const day = '2026-08-05';
    const store = fantdu.stores.views;
    const paths = Array.from({ length: maxPagesPerDay - 2 }, (_, i) => `/fylt/${i}`);
    expect(await store.add(paths.map((path) => ({ siteId: 'kommune', path, day, views: 1 })))).toBe(0);
    const more = ['/ny/a', '/ny/b', '/ny/c'].map((path, i) => ({ siteId: 'kommune', path, day, views: 3 - i }));
    // Room for two new pages: the two most viewed count, the third is dropped; a known page counts as ever.
    expect(await store.add([...more, { siteId: 'kommune', path: '/fylt/1', day, views: 5 }])).toBe(1);
    const rows = await t
      .db('page_views')
      .where({ site_id: 'kommune', day })
      .whereIn('path', ['/ny/a', '/ny/b', '/ny/c']);
    expect(rows.map((r) => r.path).sort()).toEqual(['/ny/a', '/ny/b']);
    expect(await t.db('page_views').where({ site_id: 'kommune', day, path: '/fylt/1' }).first('views')).toEqual({
      views: expect.anything(),
    });
    expect(
      Number((await t.db('page_views').where({ site_id: 'kommune', day, path: '/fylt/1' }).first('views'))?.views),
    ).toBe(6);
    // Another day, or another site, has room of its own.
    expect(await store.add([{ siteId: 'kommune', path: '/ny/c', day: '2026-08-06', views: 1 }])).toBe(0);
  });
});
