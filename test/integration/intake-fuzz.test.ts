import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_RATE_LIMIT: '1000000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

/** A field value as a hostile client might send it. */
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '__proto__',
    'constructor',
    'yes',
    'true',
    'nei',
    '',
    ' '.repeat(2000),
    `${origin}/x`,
    'javascript:alert(1)',
    'kommune',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const fields = fc.constantFrom(
  'id',
  'site',
  'url',
  'found',
  'comment',
  'lang',
  'website',
  '__proto__',
  'constructor',
  'prototype',
);
const body = fc.dictionary(fields, value, { maxKeys: 8 });

function deep(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('hostile input to POST /api/v1/feedback', () => {
  it('random JSON bodies get a 2xx or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await request(fantdu.callback)
          .post('/api/v1/feedback')
          .set('Origin', origin)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(b));
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 300 },
    );
  });

  it('random form bodies too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(fields, fc.string()), fc.string({ unit: 'binary' })), { maxLength: 8 }),
        async (pairs) => {
          const text = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const res = await request(fantdu.callback)
            .post('/api/v1/feedback')
            .set('Origin', origin)
            .type('form')
            .send(text);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ['deep nesting', deep(5000)],
    [
      'prototype keys',
      '{"__proto__":{"site":"kommune"},"constructor":{"prototype":{"x":1}},' +
        '"site":"kommune","url":"https://www.kommune.no/p","found":true}',
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['a NUL in the comment', '{"site":"kommune","url":"https://www.kommune.no/p","found":true,"comment":"a\\u0000b"}'],
    ['a lone surrogate', '{"site":"kommune","url":"https://www.kommune.no/p","found":false,"comment":"\\ud800 x"}'],
    ['a huge number', '{"site":"kommune","url":"https://www.kommune.no/p","found":1e309}'],
    ['form arrays', 'site[]=kommune&url=x&found=yes'],
    ['form nesting', 'site[a][b][c]=kommune&found[x]=yes'],
    [
      'a huge comment just under the body limit',
      JSON.stringify({ site: 'kommune', url: `${origin}/p`, found: true, comment: '91234567 '.repeat(1800) }),
    ],
    ['a huge url', JSON.stringify({ site: 'kommune', url: `${origin}/${'ø'.repeat(5000)}`, found: true })],
    ['a huge key', `{"${'k'.repeat(15000)}":1}`],
  ])('%s: no 5xx', async (_, payload) => {
    const type =
      typeof payload === 'string' && !payload.startsWith('{')
        ? 'application/x-www-form-urlencoded'
        : 'application/json';
    const res = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Origin', origin)
      .set('Content-Type', type)
      .send(payload);
    expect(res.status).toBeLessThan(500);
  });

  it('the comment with a NUL or a lone surrogate is stored cleaned', async () => {
    const rows = await t.db('feedback').whereNotNull('comment').select('comment');
    for (const { comment } of rows) {
      expect(comment).not.toContain('\u0000');
      expect(comment.isWellFormed()).toBe(true);
    }
  });
});
