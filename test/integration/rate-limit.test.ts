import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.warn('TEST_REDIS_URL is not set: the Redis rate-limit store is not tested in this run.');

const onPostgres = process.env.FANTDU_TEST_DB === 'postgres';
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const stores: [string, Record<string, string>][] = [
  ['memory', { FANTDU_RATE_LIMIT_STORE: 'memory' }],
  // The Postgres store needs a Postgres server (the embedded database serves one process).
  ...(onPostgres ? [['postgres', { FANTDU_RATE_LIMIT_STORE: 'postgres' }] as [string, Record<string, string>]] : []),
  ...(redisUrl
    ? [['redis', { FANTDU_RATE_LIMIT_STORE: 'redis', REDIS_URL: redisUrl }] as [string, Record<string, string>]]
    : []),
  // Redis down: the in-memory insurance limiter takes over, and answers come quickly.
  ['redis (unreachable)', { FANTDU_RATE_LIMIT_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:1' }],
];

describe.each(stores)('the %s store', (name, env) => {
  let fantdu: TestApp;
  const site = `rl-${name.replace(/\W+/g, '-')}`.replace(/-$/, '');

  beforeAll(async () => {
    fantdu = createTestApp(t.db, {
      env: {
        ...env,
        ...(t.url ? { DATABASE_URL: t.url } : {}),
        FANTDU_RATE_LIMIT: '3/60',
        FANTDU_TRUST_PROXY: '1',
        FANTDU_IP_MODE: 'truncate',
      },
    });
    await fantdu.services.sites.add({ id: site, name, origins: [origin] });
    await fantdu.services.limitStoreReady(2000);
  });
  afterAll(() => fantdu.close());

  const postFrom = (address: string) =>
    request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('X-Forwarded-For', `10.9.8.7, ${address}`)
      .send({ site, url: `${origin}/rl`, found: true });

  it('refuses a client over the limit with 429 and Retry-After, and lets others through', async () => {
    const client = name.startsWith('redis') ? '198.51.100.7' : '203.0.113.7';
    for (let i = 0; i < 3; i++) expect((await postFrom(client)).status).toBe(201);
    const started = Date.now();
    const refused = await postFrom(client);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await postFrom('203.0.113.8')).status).toBe(201);
    const metrics = (await request(fantdu.callback).get('/metrics')).text;
    expect(metrics).toMatch(/^fantdu_rate_limited_total 1$/m);
  });

  it.runIf(name === 'postgres' || name === 'redis')(
    'refuses a flood from memory: the shared store counts only the posts let through',
    async () => {
      const client = '198.51.100.19';
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await postFrom(client)).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
      const key = await fantdu.services.clientKeys.keyOf(client);
      if (name === 'redis') {
        const redis = new Redis(redisUrl as string);
        const counted = await redis.get(`fantdu:post:${key}`);
        await redis.quit();
        expect(Number(counted)).toBe(3);
      } else {
        expect(
          await t
            .db('rate_limits')
            .where({ key: `post:${key}` })
            .first('points'),
        ).toEqual({ points: 3 });
      }
    },
  );

  it('uses only the rightmost trusted hop: a client cannot pick its own key', async () => {
    const spoofed = (fake: string) =>
      request(fantdu.callback)
        .post('/api/v1/feedback')
        .set('X-Forwarded-For', `${fake}, 192.0.2.55`)
        .send({ site, url: `${origin}/rl`, found: true });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await spoofed(`10.0.0.${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});

describe('what the stores hold, in truncate mode', () => {
  it('the database: only /24 (IPv4) of the clients', async () => {
    const kept = await t.db('feedback').distinct('client_address').pluck('client_address');
    expect(kept.sort()).toEqual(expect.arrayContaining(['203.0.113.0', '192.0.2.0']));
    for (const address of kept) expect(address).toMatch(/\.0$/);
  });

  it.runIf(onPostgres)('no address in the Postgres store, only keyed HMACs', async () => {
    const keys = await t.db('rate_limits').pluck('key');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(/^post:[A-Za-z0-9_-]{24}$/);
      expect(key).not.toMatch(/203|198\.51|192\.0/);
    }
  });

  it.runIf(redisUrl)('no address in the Redis store', async () => {
    const redis = new Redis(redisUrl as string);
    const keys = await redis.keys('fantdu:post*');
    await redis.quit();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/^fantdu:post:[A-Za-z0-9_-]{24}$/);
  });
});
