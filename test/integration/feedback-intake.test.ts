import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Unavailable } from '../../src/errors.ts';
import type { Expiry } from '../../src/intake/deadline.ts';
import type { FeedbackPost } from '../../src/intake/feedback-schema.ts';
import type { Site } from '../../src/sites/site.ts';
import { rawPost, seen } from '../helpers/raw-post.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
const page = `${origin}/skole/index.html?fnr=01019012345#top`;

let t: TestDb;
let fantdu: TestApp;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, {
    env: { FANTDU_RATE_LIMIT: '100000/60', FANTDU_PUBLIC_URL: 'https://feedback.kommune.no' },
  });
  await fantdu.services.sites.add({
    id: 'kommune',
    name: 'Kommune',
    origins: [origin, 'https://intranett.kommune.no'],
  });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

const post = (body: object | string, type = 'application/json') =>
  request(fantdu.callback).post('/api/v1/feedback').set('Origin', origin).type(type).send(body);

const row = (id: string) => t.db('feedback').where({ id }).first();

describe('POST /api/v1/feedback: stored', () => {
  it('201 for a JSON vote, stored with the path alone and no address', async () => {
    const id = randomUUID();
    const res = await post({ id, site: 'kommune', url: page, found: false, lang: 'nn' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id });
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(await row(id)).toMatchObject({
      site_id: 'kommune',
      path: '/skole/',
      found: false,
      comment: null,
      lang: 'nn',
      status: 'new',
      client_address: null,
    });
  });

  it('makes an id when the client sends none', async () => {
    const res = await post({ site: 'kommune', url: `${origin}/a`, found: true });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(res.body.id)).toMatchObject({ path: '/a', found: true, lang: null });
  });

  it('200 for the same id and answer again (a replay), stored once', async () => {
    const id = randomUUID();
    const body = { id, site: 'kommune', url: `${origin}/replay`, found: true };
    expect((await post(body)).status).toBe(201);
    expect((await post(body)).status).toBe(200);
    expect((await post({ ...body, url: `${origin}/replay?other=query#and-fragment` })).status).toBe(200);
    expect(Number((await t.db('feedback').where({ path: '/replay' }).count('* as n'))[0]?.n)).toBe(1);
  });

  it('200 for a comment that follows the vote, stored scrubbed', async () => {
    const id = randomUUID();
    const body = { id, site: 'kommune', url: `${origin}/skjema`, found: false };
    expect((await post(body)).status).toBe(201);
    const res = await post({ ...body, comment: '  Fant ikke skjemaet. Ring meg på 912 34 567, fnr 02013299997  ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id });
    const stored = await row(id);
    expect(stored.comment).toBe('Fant ikke skjemaet. Ring meg på [telefon], fnr [fødselsnummer]');
    expect([...stored.redactions].sort()).toEqual(['fødselsnummer', 'telefon']);
    // The same comment again is a replay.
    expect(
      (await post({ ...body, comment: 'Fant ikke skjemaet. Ring meg på 912 34 567, fnr 02013299997' })).status,
    ).toBe(200);
  });

  it('adds no comment to a vote once the post is out of time (it was told 503; its retry adds it)', async () => {
    const site = (await fantdu.services.sites.get('kommune')) as Site;
    const id = randomUUID();
    const vote: FeedbackPost = {
      id,
      site: 'kommune',
      url: new URL(`${origin}/sent`),
      found: false,
      comment: undefined,
      lang: undefined,
      honeypot: false,
    };
    expect((await fantdu.services.intake.submit(site, vote, '192.0.2.1')).status).toBe(201);
    // Runs out once its post has been queued (the queue looks at it once): its batch is written, nothing after it.
    let looks = 0;
    const expiry: Expiry = {
      get expired() {
        return looks++ > 0;
      },
      onExpire: () => () => {},
    };
    const late = fantdu.services.intake.submit(site, { ...vote, comment: 'Kom for sent' }, '192.0.2.1', { expiry });
    await expect(late).rejects.toBeInstanceOf(Unavailable);
    expect((await row(id)).comment).toBeNull();
    expect(
      (await post({ id, site: 'kommune', url: `${origin}/sent`, found: false, comment: 'Kom for sent' })).status,
    ).toBe(200);
    expect((await row(id)).comment).toBe('Kom for sent');
  });

  it('503 with Retry-After, not 500, when Postgres cancels the batch (statement timeout); nothing stored', async () => {
    await t.db.raw(`create function cancel_batch() returns trigger language plpgsql as $$ begin
      raise exception 'canceling statement due to statement timeout' using errcode = '57014'; end $$`);
    await t.db.raw('create trigger cancel_batch before insert on feedback execute function cancel_batch()');
    const id = randomUUID();
    try {
      const res = await post({ id, site: 'kommune', url: `${origin}/tregt`, found: true });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.body).toMatchObject({ status: 503 });
    } finally {
      await t.db.raw('drop trigger cancel_batch on feedback');
      await t.db.raw('drop function cancel_batch()');
    }
    expect(await row(id)).toBeUndefined();
  });

  it('409 for the same id with another answer, or a second comment', async () => {
    const id = randomUUID();
    const body = { id, site: 'kommune', url: `${origin}/konflikt`, found: false, comment: 'første' };
    expect((await post(body)).status).toBe(201);
    const other = await post({ ...body, found: true });
    expect(other.status).toBe(409);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await post({ ...body, comment: 'andre' })).status).toBe(409);
    expect((await post({ ...body, url: `${origin}/annen-side` })).status).toBe(409);
    expect((await row(id)).comment).toBe('første');
  });

  it('stores the same comment on the same page once within 10 minutes', async () => {
    const body = { site: 'kommune', url: `${origin}/dobbel`, found: false, comment: 'Finner ikke åpningstidene' };
    const first = await post(body);
    const second = await post(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect((await post({ ...body, url: `${origin}/en-annen-side` })).status).toBe(201);
    expect(Number((await t.db('feedback').where({ path: '/dobbel' }).count('* as n'))[0]?.n)).toBe(1);
  });

  it('answers a form post with a thank-you page in its language, with the comment form and a link back', async () => {
    const res = await post({ site: 'kommune', url: `${origin}/side?x=1`, found: 'nei', lang: 'nn' }, 'form');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="nn">');
    expect(res.text).toContain('Takk for svaret!');
    expect(res.text).toContain('Kva prøvde du å finne?');
    expect(res.text).toContain(`href="${origin}/side"`);
    expect(res.text).not.toContain('x=1');
    const id = /name="id" value="([0-9a-f-]{36})"/.exec(res.text)?.[1] as string;
    expect(await row(id)).toMatchObject({ path: '/side', found: false, lang: 'nn' });

    // The comment form on the thank-you page posts from fantdu's own origin.
    const comment = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Origin', 'https://feedback.kommune.no')
      .type('form')
      .send({ id, site: 'kommune', url: `${origin}/side?x=1`, found: 'no', lang: 'nn', comment: 'Opningstider' });
    expect(comment.status).toBe(200);
    expect(comment.text).toContain('Takk for tilbakemeldinga!');
    expect((await row(id)).comment).toBe('Opningstider');
  });

  it.each(['yes', 'ja', 'true', 'JA', 'no', 'nei', 'false'])('reads found=%s from a form', async (found) => {
    const res = await post({ site: 'kommune', url: `${origin}/form-${found}`, found }, 'form');
    expect(res.status).toBe(201);
    const id = /name="id" value="([0-9a-f-]{36})"/.exec(res.text)?.[1] as string;
    expect((await row(id)).found).toBe(['yes', 'ja', 'true', 'JA'].includes(found));
  });

  it('thanks a bot that fills the honeypot and stores nothing', async () => {
    const id = randomUUID();
    const res = await post({
      id,
      site: 'kommune',
      url: `${origin}/honning`,
      found: true,
      website: 'http://spam.example',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id });
    expect(await row(id)).toBeUndefined();
    expect(await t.db('feedback').where({ path: '/honning' }).first()).toBeUndefined();
  });
});

describe('POST /api/v1/feedback: refused', () => {
  const valid = { site: 'kommune', url: `${origin}/x`, found: true };
  const count = async () => Number((await t.db('feedback').count('* as n'))[0]?.n);

  it.each([
    ['no fields', {}, ['site', 'url', 'found']],
    ['found as a string in JSON', { ...valid, found: 'yes' }, ['found']],
    ['a relative url', { ...valid, url: '/skole' }, ['url']],
    ['an ftp url', { ...valid, url: 'ftp://www.kommune.no/x' }, ['url']],
    ['a javascript: url', { ...valid, url: 'javascript:alert(1)' }, ['url']],
    ['a url over 2048 characters', { ...valid, url: `${origin}/${'a'.repeat(2048)}` }, ['url']],
    ['a comment over 1000 characters', { ...valid, comment: 'ø'.repeat(1001) }, ['comment']],
    ['an unknown language', { ...valid, lang: 'sv' }, ['lang']],
    ['an id that is no UUID', { ...valid, id: '123' }, ['id']],
    ['a site id with capitals', { ...valid, site: 'Kommune' }, ['site']],
    ['a comment that is a number', { ...valid, comment: 12 }, ['comment']],
  ])('400 for %s, naming the fields', async (_, body, fields) => {
    const before = await count();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: 'Bad Request',
      status: 400,
      detail: expect.any(String),
    });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    expect(await count()).toBe(before);
  });

  it('accepts a comment of exactly 1000 characters after trimming', async () => {
    expect((await post({ ...valid, url: `${origin}/lang`, comment: `   ${'ø'.repeat(1000)}   ` })).status).toBe(201);
  });

  it.each([
    ['invalid JSON', '{"site": '],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"hei"'],
  ])('400 for %s', async (_, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toContain('{"site": ');
  });

  it('404 for an unknown site', async () => {
    const res = await post({ ...valid, site: 'ukjent' });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('ukjent');
  });

  it('403 when the Origin is not one of the site’s', async () => {
    const res = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Origin', 'https://evil.example')
      .send(valid);
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await request(fantdu.callback).post('/api/v1/feedback').set('Origin', 'null').send(valid)).status).toBe(
      403,
    );
  });

  it('judges a form post with `Origin: null` (sent from a no-referrer page) by its page URL', async () => {
    const form = (url: string) =>
      request(fantdu.callback)
        .post('/api/v1/feedback')
        .set('Origin', 'null')
        .type('form')
        .send({ ...valid, found: 'ja', url });
    expect((await form(`${origin}/uten-referrer`)).status).toBe(201);
    expect((await form('https://evil.example/x')).status).toBe(403);
  });

  it('403 when the page is on another origin, also without an Origin header', async () => {
    expect(
      (
        await request(fantdu.callback)
          .post('/api/v1/feedback')
          .send({ ...valid, url: 'https://www.annen.no/x' })
      ).status,
    ).toBe(403);
    expect((await post({ ...valid, url: 'http://www.kommune.no/x' })).status).toBe(403);
  });

  it('403 for another site’s origin', async () => {
    const res = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Origin', 'https://www.annen.no')
      .send(valid);
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('413 for a body over 16 KiB', async () => {
    const before = await count();
    const res = await post({ ...valid, comment: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const form = await post(
      `site=kommune&found=yes&url=${encodeURIComponent(valid.url)}&comment=${'x'.repeat(17 * 1024)}`,
      'form',
    );
    expect(form.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('takes a body of just under 16 KiB to validation', async () => {
    const res = await post({ ...valid, comment: 'x'.repeat(16 * 1024 - 100) });
    expect(res.status).toBe(400);
  });

  it.each([
    ['text/plain', 'site=kommune'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/xml', '<a/>'],
  ])('415 for %s', async (type, body) => {
    const res = await request(fantdu.callback).post('/api/v1/feedback').set('Content-Type', type).send(body);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('415 for a post without a body', async () => {
    expect((await request(fantdu.callback).post('/api/v1/feedback')).status).toBe(415);
  });
});

describe('CORS', () => {
  const preflight = (from: string) =>
    request(fantdu.callback)
      .options('/api/v1/feedback')
      .set('Origin', from)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');

  it('allows exactly the sites’ origins and fantdu’s own in a preflight', async () => {
    for (const allowed of [origin, 'https://www.annen.no', 'https://feedback.kommune.no']) {
      const res = await preflight(allowed);
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(allowed);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('content-type');
      expect(res.headers.vary).toContain('Origin');
    }
    for (const refused of ['https://evil.example', 'https://www.kommune.no.evil.example', 'null']) {
      expect((await preflight(refused)).headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('never answers with a wildcard or credentials', async () => {
    const res = await post({ site: 'kommune', url: `${origin}/cors`, found: true });
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('the same comment again', () => {
  it('is stored once within ten minutes, and again after', async () => {
    const t2 = await createTestDb();
    let now = new Date('2026-05-05T10:00:00Z');
    const app = createTestApp(t2.db, { clock: () => now, env: { FANTDU_RATE_LIMIT: '1000/60' } });
    await app.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
    const body = { site: 'kommune', url: `${origin}/klokke`, found: false, comment: 'Hvor er skjemaet?' };
    const send = () => request(app.callback).post('/api/v1/feedback').send(body);
    expect((await send()).status).toBe(201);
    now = new Date('2026-05-05T10:09:59Z');
    expect((await send()).status).toBe(200);
    now = new Date('2026-05-05T10:10:01Z');
    expect((await send()).status).toBe(201);
    const rows = await t2.db('feedback').where({ path: '/klokke' }).orderBy('created_at').select('created_at');
    expect(rows.map((r: { created_at: Date }) => r.created_at.toISOString())).toEqual([
      '2026-05-05T10:00:00.000Z',
      '2026-05-05T10:10:01.000Z',
    ]);
    await app.close();
    await t2.drop();
  });
});

describe('before Koa', () => {
  /** A JSON post as a raw request: with its length it is the fast path's to take; chunked (no length), the route's. */
  async function send(body: object | string, headers: Record<string, string> = {}, bodyAfterMs = 0) {
    const server = createServer(fantdu.callback);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    try {
      const headed = { 'content-type': 'application/json', origin, ...headers };
      return await rawPost(port, '/api/v1/feedback', headed, text, bodyAfterMs);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }
  const chunked = { 'transfer-encoding': 'chunked' };
  // The fast path takes posts for sites its cache holds fresh (5 s), and leaves the rest to the route, which reloads
  // it: saving the site reloads it now, so that which path answers does not depend on how long earlier tests took.
  beforeEach(async () => {
    await fantdu.services.sites.add({
      id: 'kommune',
      name: 'Kommune',
      origins: [origin, 'https://intranett.kommune.no'],
    });
  });
  /** The route logs each post it answers (a stored one at debug): the fast path logs only its failures. */
  const routeLines = () => fantdu.log.lines.filter((l) => l.includes('"route":"/api/v1/feedback"')).length;
  const stored = (id: string) =>
    t
      .db('feedback')
      .where({ id })
      .first('site_id', 'path', 'found', 'comment', 'redactions', 'lang', 'client_address', 'status', 'terms', 'stems');

  it('stores a post before Koa as the route stores it, and answers it the same', async () => {
    const comment = 'Finner ikke skjemaet, ring 912 34 567';
    // Two pages: the same comment on one page within ten minutes would be a double post.
    const body = (id: string) => ({
      id,
      site: 'kommune',
      url: `${origin}/side-${id}?q=1`,
      found: false,
      comment,
      lang: 'nb',
    });
    const [a, b] = [randomUUID(), randomUUID()];
    const lines = routeLines();
    const fast = await send(body(a));
    expect(routeLines()).toBe(lines);
    const slow = await send(body(b), chunked);
    expect(routeLines()).toBe(lines + 1);
    expect(fast.status).toBe(201);
    expect(JSON.parse(fast.body)).toEqual({ id: a });
    expect(seen(fast)).toEqual(seen(slow));
    expect(seen(fast).headers).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': origin,
      'content-type': 'application/json; charset=utf-8',
      'content-length': '45',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    const { path: pathA, ...rowA } = await stored(a);
    const { path: pathB, ...rowB } = await stored(b);
    expect([pathA, pathB]).toEqual([`/side-${a}`, `/side-${b}`]);
    expect(rowA).toEqual(rowB);
    expect(rowA.comment).toBe('Finner ikke skjemaet, ring [telefon]');
    // A replay, and a conflict (the same id with another answer), answered before Koa as the route answers them.
    expect(seen(await send(body(a)))).toEqual(seen(await send(body(b), chunked)));
    const conflict = await send({ ...body(a), found: true });
    expect(conflict.status).toBe(409);
    expect(seen(conflict)).toEqual(seen(await send({ ...body(b), found: true }, chunked)));
    expect(conflict.headers['access-control-allow-origin']).toBe(origin);
    expect(conflict.headers['content-type']).toBe('application/problem+json');
    const metrics = await fantdu.services.metrics.registry.metrics();
    expect(metrics).toMatch(
      /^fantdu_http_requests_total\{method="POST",route="\/api\/v1\/feedback",status="409"\} \d+$/m,
    );
  });

  it('does not count the time the client takes to send the body against the deadline (as the route)', async () => {
    const id = randomUUID();
    const lines = routeLines();
    // One the fast path takes, and one it hands on to the route (the honeypot), each body 2.2 s after its headers.
    const honeypot = { site: 'kommune', url: `${origin}/treg-felle`, found: true, website: 'http://spam.example' };
    const [slow, handedOn] = await Promise.all([
      send({ id, site: 'kommune', url: `${origin}/treg`, found: true }, {}, 2200),
      send(honeypot, {}, 2200),
    ]);
    expect([slow.status, handedOn.status]).toEqual([201, 201]);
    expect(routeLines()).toBe(lines + 1);
    expect(await stored(id)).toMatchObject({ path: '/treg' });
  });

  it('hands anything unusual on to the route, with the body it read', async () => {
    const honeypot = { site: 'kommune', url: `${origin}/felle`, found: true, website: 'http://spam.example' };
    for (const [body, status] of [
      ['{"site":"kommune"', 400],
      ['"just a string"', 400],
      [JSON.stringify({ site: 'kommune', url: `${origin}/x`, found: 'ja' }), 400],
      [JSON.stringify({ site: 'kommune', url: 'https://www.annen.no/x', found: true }), 403],
      [JSON.stringify({ site: 'finnes-ikke', url: `${origin}/x`, found: true }), 404],
      [JSON.stringify(honeypot), 201],
    ] as const) {
      const lines = routeLines();
      const fast = await send(body);
      expect(routeLines(), body).toBe(lines + 1);
      expect(fast.status, body).toBe(status);
      expect(seen(fast), body).toEqual(seen(await send(body, chunked)));
    }
    expect(await t.db('feedback').where({ path: '/felle' }).first()).toBeUndefined();
    // Bodies read as koa-body reads them: an empty one is an empty object, "__proto__" is refused, a byte-order mark
    // is dropped (and then the post is the fast path's).
    const poisoned = `{"site":"kommune","url":"${origin}/x","found":true,"__proto__":{"admin":true}}`;
    for (const body of ['', poisoned]) {
      const fast = await send(body);
      expect(fast.status, body).toBe(400);
      expect(seen(fast), body).toEqual(seen(await send(body, chunked)));
    }
    const marked = `\uFEFF${JSON.stringify({ site: 'kommune', url: `${origin}/bom`, found: true })}`;
    const lines = routeLines();
    const fast = await send(marked);
    expect(routeLines()).toBe(lines);
    expect(fast.status).toBe(201);
    expect(seen(fast)).toEqual(seen(await send(marked.replace('/bom', '/bom-2'), chunked)));
    // Another site's origin posting for this one, and a post with no Origin from another site's page.
    const elsewhere = JSON.stringify({ site: 'kommune', url: `${origin}/x`, found: true });
    const refused = await send(elsewhere, { origin: 'https://www.annen.no' });
    expect(refused.status).toBe(403);
    expect(seen(refused)).toEqual(seen(await send(elsewhere, { origin: 'https://www.annen.no', ...chunked })));
  });
});
