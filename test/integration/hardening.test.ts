import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invalid } from '../../src/errors.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

/**
 * What an outside security review found (issue 14), each tried against a listening server the way an attacker
 * would, with the variants the review did not list.
 */
const origin = 'https://www.kommune.no';
const publicUrl = 'https://feedback.kommune.no';
let now = new Date('2026-06-01T08:00:00Z');
let t: TestDb;
let fantdu: TestApp;
let server: Server;
let base: string;
let token: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: any request target (absolute-form too), any headers, any body. */
function send(
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: target, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const get = (path: string) => send('GET', path, { headers: { authorization: `Bearer ${token}` } });
const fieldsOf = (answer: Answer) => (JSON.parse(answer.body).errors ?? []).map((e: { field: string }) => e.field);

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, {
    clock: () => now,
    env: { FANTDU_RATE_LIMIT: '3/600', FANTDU_TRUST_PROXY: '1', FANTDU_PUBLIC_URL: publicUrl },
  });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  token = await fantdu.services.tokens.createToken('kommune', 'Rapporter', 'admin');
  server = createServer(fantdu.callback);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fantdu.close();
  await t.drop();
});

describe('far-off dates and forged cursors', () => {
  it.each([
    ['/pages/summary?path=/&to=9999-12-31', 'to'],
    ['/pages/summary?path=/&from=0001-01-01', 'from'],
    ['/pages/summary?path=/&from=0001-01-01&interval=week', 'from'],
    ['/pages/summary?path=/&from=1999-12-31&to=2000-01-01', 'from'],
    ['/pages/summary?path=/&from=2000-01-01&to=2099-12-31&interval=day', 'interval'],
    ['/pages/summary?path=/&from=2000-01-01&to=2099-12-31&interval=week', 'interval'],
    ['/pages/summary?path=/&to=+10000-01-01', 'to'],
    ['/pages/summary?path=/&to=2100-01-01&interval=month', 'to'],
    ['/pages?to=9999-12-31', 'to'],
    ['/pages?from=0001-01-01&sort=share', 'from'],
    ['/feedback?to=9999-12-31', 'to'],
    ['/feedback.csv?from=0001-01-01', 'from'],
  ])('%s: 400 naming %s, at once, while /healthz answers', async (query, field) => {
    const [answer, health] = await Promise.all([get(`/api/v1/sites/kommune${query}`), send('GET', '/healthz')]);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(answer)).toContain(field);
    expect(health.status).toBe(200);
  });

  it('the whole range by month is one answer of at most 1 200 buckets', async () => {
    const answer = await get('/api/v1/sites/kommune/pages/summary?path=/&from=2000-01-01&to=2099-12-31&interval=month');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).series).toHaveLength(1200);
  });

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['/pages', { offset: 1e300 }],
    ['/pages', { offset: -1 }],
    ['/pages', { offset: 2 ** 53 }],
    ['/feedback', { at: '2026-01-01T00:00:00.000Z', id: '-'.repeat(36) }],
    ['/feedback', { at: '+275760-09-13T00:00:00.000Z', id: randomUUID() }],
    ['/feedback', { at: 'Tue, 01 Jan 2026 00:00:00 GMT', id: randomUUID() }],
    ['/feedback', { at: '2026-01-01T00:00:00.000Z', id: 42 }],
    ['/audit', '99999999999999999999'],
    ['/audit', '-1'],
  ])('%s with a forged cursor %j: 400, and nothing of it in the log', async (path, value) => {
    const before = fantdu.log.lines.length;
    const answer = await get(
      `/api/v1/sites/kommune${path}?cursor=${typeof value === 'string' ? value : cursor(value)}`,
    );
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toEqual(['cursor']);
    const logged = fantdu.log.lines.slice(before).join('');
    expect(logged).not.toMatch(/"level":50/);
    expect(logged).not.toContain('-----');
  });
});

/** A post as the widget makes it, from the client at `address` (the proxy's X-Forwarded-For), to any target. */
const post = (
  target: string,
  address: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  send('POST', target, {
    headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': address, ...headers },
    body: JSON.stringify({ id: randomUUID(), site: 'kommune', url: `${origin}/side`, found: false, ...body }),
  });

let clients = 0;
/** An address no earlier test has used, so that each test has budgets of its own. */
const freshClient = () => `203.0.113.${++clients}`;

describe('the post limit, however the path or the address is written', () => {
  const spellings = () => [
    '/api/v1/feedback/',
    '/API/V1/FEEDBACK',
    '/api/v1/Feedback',
    '/api/v1/feedback//',
    '/api/v1/feedback?x=1',
    '/api/v1/feedback/?x=1',
    '/Api/V1/Feedback/?',
    '//api/v1/feedback',
    '/api//v1/feedback',
    '/api/v1/%66eedback',
    '/api/v1/./feedback',
    '/api/v1/feedback;x',
    `${base}/api/v1/feedback`,
    `${base.toUpperCase().replace('HTTP', 'http')}/API/v1/feedback/`,
    'http://another.example/api/v1/feedback',
  ];

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])(
    'spelling %i: no more posts stored than the limit allows',
    async (i) => {
      const target = spellings()[i] as string;
      const client = freshClient();
      const statuses: number[] = [];
      for (let n = 0; n < 6; n++) statuses.push((await post(target, client)).status);
      // Either the router does not take the spelling for the intake (nothing is stored), or the limit counts it.
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(3);
      if (statuses.includes(201)) expect(statuses.slice(3)).toEqual([429, 429, 429]);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      if (process.env.SHOW_SPELLINGS) console.log(target, statuses.join(' '));
    },
  );

  it('a post that reaches the intake without the gate before Koa is counted by the intake itself', async () => {
    const koaOnly = createServer(fantdu.app.callback());
    await new Promise<void>((resolve) => koaOnly.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = koaOnly.address() as AddressInfo;
      const statuses = [];
      for (let n = 0; n < 5; n++) {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': '192.0.2.77' },
          body: JSON.stringify({ site: 'kommune', url: `${origin}/side`, found: true }),
        });
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
    } finally {
      await new Promise((resolve) => koaOnly.close(resolve));
    }
  });

  it('spellings mixed by one client share one budget', async () => {
    const client = freshClient();
    const statuses = [];
    for (const target of [
      '/api/v1/feedback',
      '/API/V1/FEEDBACK',
      `${base}/api/v1/feedback`,
      '/api/v1/feedback/',
      '/api/v1/Feedback',
    ]) {
      statuses.push((await post(target, client)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('one IPv4 address written six ways is one client', async () => {
    const statuses = [];
    for (const address of [
      '198.51.100.5',
      '::ffff:198.51.100.5',
      '::ffff:c633:6405',
      '0:0:0:0:0:FFFF:C633:6405',
      '198.51.100.5:4711',
      '[::ffff:198.51.100.5]:443',
    ]) {
      statuses.push((await post('/api/v1/feedback', address)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
  });

  it('the addresses of one IPv6 /64 are one client; the next /64 is another', async () => {
    const statuses = [];
    for (const address of [
      '2001:db8:1:2::1',
      '2001:db8:1:2::2',
      '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:db8:1:2:abcd::9',
    ]) {
      statuses.push((await post('/api/v1/feedback', address)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await post('/api/v1/feedback', '2001:db8:1:3::1')).status).toBe(201);
  });
});

describe('a run of one comment', () => {
  it('posted 200 times at once by 200 clients: stored once, every post answered 2xx', async () => {
    const comment = `Skjemaet virker ikke ${'igjen og igjen '.repeat(40)}`;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post('/api/v1/feedback', `2001:db8:99:${i.toString(16)}::1`, { comment })),
    );
    expect(answers.filter((a) => a.status >= 300).map((a) => a.status)).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const [stored] = await t.db('feedback').where({ comment: comment.trim() }).count<{ n: string }[]>('* as n');
    expect(Number(stored?.n)).toBe(1);
  });
});

describe('logins', () => {
  const login = (email: string, password: string, address = '192.0.2.10') =>
    send('POST', '/admin/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: publicUrl, 'x-forwarded-for': address },
      body: new URLSearchParams({ email, password }).toString(),
    });
  const failures = async (actor: string) =>
    Number((await t.db('audit_log').where({ action: 'login.failed', actor }).count<{ n: string }[]>('* as n'))[0]?.n);

  it('30 wrong passwords at once: at most 10 are checked, the rest refused, and then the right one too', async () => {
    const { password } = await fantdu.services.users.addUser('lise@kommune.no', 'kommune', 'editor');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login('lise@kommune.no', `gjetning ${i}`, `192.0.2.${100 + i}`)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(await failures('lise@kommune.no')).toBeLessThanOrEqual(10);
    const right = await login('lise@kommune.no', password as string, '192.0.2.200');
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toMatch(/^\d+$/);
    expect(right.headers['set-cookie']).toBeUndefined();
    // However the e-mail is written, if it finds the account it meets the account's lock.
    for (const spelling of ['LISE@KOMMUNE.NO', ' lise@kommune.no\t', 'l\u0130se@kommune.no', 'L\u0130SE@kommune.no']) {
      const other = await login(spelling, password as string, '192.0.2.201');
      expect(other.status, spelling).toBe(429);
    }
  });

  it('the right password among 30 sent at once logs in only if it was among the first ten counted', async () => {
    const { password } = await fantdu.services.users.addUser('tor@kommune.no', 'kommune', 'editor');
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 25 ? (password as string) : `gjetning ${i}`));
    const answers = await Promise.all(guesses.map((guess, i) => login('tor@kommune.no', guess, `192.0.2.${50 + i}`)));
    const checked = answers.filter((a) => a.status !== 429).length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(await failures('tor@kommune.no')).toBeLessThanOrEqual(10);
  });

  it('what was typed as an e-mail is never kept: an unknown one is "unknown", a known one its user', async () => {
    expect((await login('hemmelig-passord-1234', 'x', '192.0.2.11')).status).toBe(401);
    expect((await login('ingen@kommune.no', 'x', '192.0.2.11')).status).toBe(401);
    await fantdu.services.users.addUser('Siri@Kommune.no', 'kommune', 'editor');
    expect((await login('SIRI@kommune.no', 'feil', '192.0.2.11')).status).toBe(401);
    const audit = JSON.stringify(await t.db('audit_log').select());
    expect(audit).not.toContain('hemmelig-passord-1234');
    expect(audit).not.toContain('ingen@kommune.no');
    expect(await failures('unknown')).toBeGreaterThanOrEqual(2);
    expect(await failures('Siri@Kommune.no')).toBe(1);
  });
});

describe('API tokens', () => {
  it('a revoked token gets 401 at once', async () => {
    const secret = await fantdu.services.tokens.createToken('kommune', 'Snart borte', 'editor');
    const call = () => send('GET', '/api/v1/sites/kommune/pages', { headers: { authorization: `Bearer ${secret}` } });
    expect((await call()).status).toBe(200);
    const [listed] = (await fantdu.services.tokens.listTokens('kommune')).filter((k) => k.name === 'Snart borte');
    await fantdu.services.tokens.revokeToken(listed!.id);
    expect((await call()).status).toBe(401);
    await expect(fantdu.services.tokens.revokeToken(listed!.id)).rejects.toBeInstanceOf(Invalid);
    expect(
      await t.db('audit_log').where({ action: 'token.revoke', target: 'token:Snart borte' }).first(),
    ).toBeDefined();
  });

  it('a token revoked through one instance is refused by another at once', async () => {
    const secret = await fantdu.services.tokens.createToken('kommune', 'To instanser', 'editor');
    const other = createTestApp(t.db, { clock: () => now });
    try {
      const call = (callback: typeof fantdu.callback) =>
        new Promise<number>((resolve) => {
          const listening = createServer(callback).listen(0, '127.0.0.1', async () => {
            const res = await fetch(
              `http://127.0.0.1:${(listening.address() as AddressInfo).port}/api/v1/sites/kommune/pages`,
              { headers: { authorization: `Bearer ${secret}` } },
            );
            listening.close();
            resolve(res.status);
          });
        });
      expect([await call(fantdu.callback), await call(other.callback)]).toEqual([200, 200]);
      const [listed] = (await fantdu.services.tokens.listTokens('kommune')).filter((k) => k.name === 'To instanser');
      await fantdu.services.tokens.revokeToken(listed!.id);
      expect([await call(fantdu.callback), await call(other.callback)]).toEqual([401, 401]);
    } finally {
      await other.close();
    }
  });

  it('an expired token gets 401; its last use is kept at most once a minute', async () => {
    const secret = await fantdu.services.tokens.createToken('kommune', 'Kortvarig', 'editor', 'cli', 2);
    const call = () => send('GET', '/api/v1/sites/kommune/pages', { headers: { authorization: `Bearer ${secret}` } });
    const lastUsed = async () =>
      (await fantdu.services.tokens.listTokens('kommune')).find((k) => k.name === 'Kortvarig')!.lastUsedAt;
    const start = now;
    expect((await call()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toEqual(start);
    now = new Date(start.getTime() + 30_000);
    expect((await call()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toEqual(start);
    now = new Date(start.getTime() + 61_000);
    expect((await call()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).toEqual(now);
    now = new Date(start.getTime() + 2 * 86_400_000 + 1);
    expect((await call()).status).toBe(401);
    now = start;
  });

  it('--expires-days takes 1 to 3650 whole days', async () => {
    for (const days of [0, -1, 1.5, 3651, Number.NaN]) {
      await expect(fantdu.services.tokens.createToken('kommune', 'Feil', 'editor', 'cli', days)).rejects.toBeInstanceOf(
        Invalid,
      );
    }
  });
});

describe('the session cookie on the API', () => {
  it("a change made with a session must carry fantdu's own Origin", async () => {
    const { password } = await fantdu.services.users.addUser('ole@kommune.no', 'kommune', 'editor');
    const outcome = await fantdu.services.users.login('ole@kommune.no', password as string, 'client-ole');
    const cookie = `fantdu_session=${outcome.kind === 'in' ? outcome.sessionId : ''}`;
    const [row] = await t.db('feedback').where({ site_id: 'kommune' }).limit(1).select('id');
    const patch = (headers: Record<string, string>) =>
      send('PATCH', `/api/v1/sites/kommune/feedback/${row.id}`, {
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: '{"status":"spam"}',
      });
    for (const headers of [{}, { origin: 'https://evil.example' }, { origin: 'null' }, { origin: origin }] as Record<
      string,
      string
    >[]) {
      const answer = await patch(headers);
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const del = await send('DELETE', `/api/v1/sites/kommune/feedback/${row.id}`, {
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(del.status).toBe(403);
    expect(await t.db('feedback').where({ id: row.id }).first('status')).toEqual({ status: 'new' });
    expect((await patch({ origin: publicUrl })).status).toBe(200);
    // Reading needs no Origin, and a token needs none at all.
    expect((await send('GET', '/api/v1/sites/kommune/pages', { headers: { cookie } })).status).toBe(200);
    const tokenPatch = await send('PATCH', `/api/v1/sites/kommune/feedback/${row.id}`, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"status":"new"}',
    });
    expect(tokenPatch.status).toBe(200);
  });
});

describe('bodies that do not decode', () => {
  const gzipped = gzipSync(Buffer.from(JSON.stringify({ site: 'kommune', url: `${origin}/gzip`, found: true })));
  const broken = [
    ['gzip', Buffer.from('not gzip at all')],
    ['gzip', gzipped.subarray(0, gzipped.length - 8)],
    ['deflate', Buffer.from('not deflate')],
    ['br', Buffer.from('not brotli')],
    ['gzip, deflate', gzipped],
    ['x-unknown', Buffer.from('{}')],
    ['gzip', gzipSync(Buffer.alloc(64 * 1024, 32))],
  ] as const;

  it.each(broken.map((b, i) => [i, b[0]] as const))(
    'body %i with Content-Encoding %s: a 4xx problem at the intake, the API and /admin',
    async (i) => {
      const [encoding, body] = broken[i]!;
      const intake = await send('POST', '/api/v1/feedback', {
        headers: {
          'content-type': 'application/json',
          'content-encoding': encoding,
          origin,
          'x-forwarded-for': freshClient(),
        },
        body,
      });
      expect(intake.status).toBeGreaterThanOrEqual(400);
      expect(intake.status).toBeLessThan(500);
      expect(intake.headers['content-type']).toMatch(/^application\/problem\+json/);
      const [row] = await t.db('feedback').where({ site_id: 'kommune' }).limit(1).select('id', 'status');
      const api = await send('PATCH', `/api/v1/sites/kommune/feedback/${row.id}`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
      expect(api.status).toBeGreaterThanOrEqual(400);
      expect(api.status).toBeLessThan(500);
      const admin = await send('POST', '/admin/login', {
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-encoding': encoding,
          origin: publicUrl,
        },
        body,
      });
      expect(admin.status).toBeGreaterThanOrEqual(400);
      expect(admin.status).toBeLessThan(500);
      expect(await t.db('feedback').where({ id: row.id }).first('status')).toEqual({ status: row.status });
    },
  );

  it('a good gzip body is read, and nothing went to the log as an error', async () => {
    const answer = await send('POST', '/api/v1/feedback', {
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        origin,
        'x-forwarded-for': freshClient(),
      },
      body: gzipped,
    });
    expect(answer.status).toBe(201);
    expect(fantdu.log.text).not.toMatch(/"level":50/);
  });
});

describe('/metrics', () => {
  const metrics = (address: string, headers: Record<string, string> = {}) =>
    send('GET', '/metrics', { headers: { 'x-forwarded-for': address, ...headers } });

  it('answers a client on this machine, and refuses one from the internet', async () => {
    expect((await metrics('127.0.0.1')).status).toBe(200);
    expect((await metrics('::1')).status).toBe(200);
    expect((await metrics('::ffff:127.0.0.1')).status).toBe(200);
    for (const address of ['203.0.113.9', '10.0.0.1', '::ffff:203.0.113.9']) {
      const refused = await metrics(address);
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).not.toContain('fantdu_http_requests_total');
    }
    // Other spellings of the path reach the same check.
    for (const path of ['/METRICS', '/metrics/', `${base}/metrics`])
      expect((await send('GET', path, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
  });

  it('with FANTDU_METRICS_TOKEN, a remote client that sends it may read them', async () => {
    const secret = 'metrics-token-of-some-length-42';
    const other = createTestApp(t.db, { env: { FANTDU_TRUST_PROXY: '1', FANTDU_METRICS_TOKEN: secret } });
    const listening = createServer(other.callback);
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/metrics`;
      const read = (headers: Record<string, string>) =>
        fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9', ...headers } });
      const none = await read({});
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await read({ authorization: 'Bearer wrong-token-of-some-length-42' })).status).toBe(401);
      expect((await read({ authorization: `Bearer ${secret}x` })).status).toBe(401);
      const ok = await read({ authorization: `Bearer ${secret}` });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('fantdu_http_requests_total');
    } finally {
      await new Promise((resolve) => listening.close(resolve));
      await other.close();
    }
  });
});

describe('a post that runs out of time', () => {
  /** Holds the feedback table until `release`, as a stalled database would. */
  async function stall(): Promise<() => Promise<void>> {
    const trx = await t.db.transaction();
    await trx.raw('lock table feedback in exclusive mode');
    return async () => {
      await trx.commit();
    };
  }

  it('JSON: a 503 within 2 s naming its id; stored later or not, its retry with that id is known', async () => {
    expect((await post('/api/v1/feedback', freshClient())).status).toBe(201);
    const release = await stall();
    const started = Date.now();
    const late = await post('/api/v1/feedback', freshClient(), { id: undefined, comment: 'kom dette fram?' });
    const ms = Date.now() - started;
    await release();
    expect(late.status).toBe(503);
    expect(ms).toBeLessThan(2000);
    expect(late.headers['retry-after']).toMatch(/^\d+$/);
    const { id } = JSON.parse(late.body);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const retry = await post('/api/v1/feedback', freshClient(), { id, comment: 'kom dette fram?' });
    expect([200, 201]).toContain(retry.status);
    expect(JSON.parse(retry.body).id).toBe(id);
    const [stored] = await t.db('feedback').where({ id }).count<{ n: string }[]>('* as n');
    expect(Number(stored?.n)).toBe(1);
  });

  it('a form: a page in its language whose button sends it again under the same id', async () => {
    // The site list and the salt of the day are known (as on any server after its first post); then the stall.
    expect((await post('/api/v1/feedback', freshClient())).status).toBe(201);
    const release = await stall();
    const form = new URLSearchParams({
      site: 'kommune',
      url: `${origin}/skjema?fnr=1`,
      found: 'nei',
      lang: 'nn',
      comment: 'Fann ikkje skjemaet',
    });
    const late = await send('POST', '/api/v1/feedback', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'x-forwarded-for': freshClient() },
      body: form.toString(),
    });
    await release();
    expect(late.status).toBe(503);
    expect(late.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(late.body).toContain('<html lang="nn">');
    expect(late.body).toContain('Orsak, svaret kom ikkje fram.');
    const fields = Object.fromEntries(
      [...late.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );
    expect(fields).toMatchObject({
      site: 'kommune',
      url: `${origin}/skjema`,
      found: 'no',
      lang: 'nn',
      comment: 'Fann ikkje skjemaet',
    });
    const again = await send('POST', '/api/v1/feedback', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: publicUrl,
        'x-forwarded-for': freshClient(),
      },
      body: new URLSearchParams(fields).toString(),
    });
    expect([200, 201]).toContain(again.status);
    const rows = await t.db('feedback').where({ id: fields.id }).select('comment', 'lang');
    expect(rows).toEqual([{ comment: 'Fann ikkje skjemaet', lang: 'nn' }]);
  });
});
