import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

describe('with the database up', () => {
  let t: TestDb;
  let fantdu: TestApp;
  beforeAll(async () => {
    t = await createTestDb();
    fantdu = createTestApp(t.db);
    await fantdu.services.sites.add({ id: 'demo', name: 'Demo', origins: ['http://localhost:3000'] });
  });
  afterAll(async () => {
    await fantdu.close();
    await t.drop();
  });

  it('/healthz and /readyz answer 200', async () => {
    expect((await request(fantdu.callback).get('/healthz')).status).toBe(200);
    const ready = await request(fantdu.callback).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('/metrics counts requests by route and status, feedback stored and removals by kind', async () => {
    const res = await request(fantdu.callback).post('/api/v1/feedback').send({
      site: 'demo',
      url: 'http://localhost:3000/',
      found: false,
      comment: 'ring 91234567 eller skriv til a@b.no',
    });
    expect(res.status).toBe(201);
    const text = (await request(fantdu.callback).get('/metrics')).text;
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(text).toMatch(/^fantdu_http_requests_total\{method="POST",route="\/api\/v1\/feedback",status="201"\} 1$/m);
    expect(text).toMatch(/^fantdu_feedback_stored_total\{site="demo"\} 1$/m);
    expect(text).toMatch(/^fantdu_scrub_removals_total\{kind="telefon"\} 1$/m);
    expect(text).toMatch(/^fantdu_scrub_removals_total\{kind="e-post"\} 1$/m);
    expect(text).toContain('fantdu_process_resident_memory_bytes');
  });

  it('answers unknown paths and methods with problem+json', async () => {
    const missing = await request(fantdu.callback).get('/nope?fnr=02013299997');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const method = await request(fantdu.callback).delete('/api/v1/feedback');
    expect(method.status).toBe(405);
    expect(method.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fantdu.log.text).not.toContain('02013299997');
  });

  it('serves a demo page at /', async () => {
    const res = await request(fantdu.callback).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-fantdu-site=&quot;demo&quot;');
  });
});

describe('with the database unreachable', () => {
  const db = createDb({ url: 'postgres://fantdu@127.0.0.1:9/none' });
  const fantdu = createTestApp(db);
  afterAll(async () => {
    await fantdu.close();
    await db.destroy();
  });

  it('answers posts with 503 and Retry-After within 2 s', async () => {
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await request(fantdu.callback)
        .post('/api/v1/feedback')
        .send({ site: 'demo', url: 'http://localhost:3000/', found: true, comment: 'hei' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('/readyz says 503 and /healthz 200', async () => {
    const started = Date.now();
    expect((await request(fantdu.callback).get('/readyz')).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await request(fantdu.callback).get('/healthz')).status).toBe(200);
  });

  it('logs no 500', () => {
    expect(fantdu.log.text).not.toContain('"level":50');
  });
});
