import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionService, purgeLockKey } from '../../src/privacy/retention.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
const day = 86_400_000;
let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-01-01T12:00:00Z');

async function answer(at: Date, comment: string, found = false) {
  now = at;
  const res = await request(fantdu.callback)
    .post('/api/v1/feedback')
    .send({ id: randomUUID(), site: 'kommune', url: `${origin}/side`, found, comment });
  expect(res.status).toBe(201);
}

const counts = async () =>
  (await request(fantdu.callback).get('/api/v1/sites/kommune/pages').set('Authorization', `Bearer ${token}`)).body.items;
let token = '';

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now, env: { FANTDU_RETENTION_DAYS: '180', FANTDU_RATE_LIMIT: '1000/60' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  token = await fantdu.services.accounts.createToken('kommune', 'Drift', 'admin');
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('retention', () => {
  it('erases a comment of 181 days, keeps one of 179, and keeps every answer and count', async () => {
    const today = new Date('2026-09-01T12:00:00Z');
    await answer(new Date(today.getTime() - 181 * day), 'gammel kommentar');
    await answer(new Date(today.getTime() - 179 * day), 'nyere kommentar', true);
    now = today;
    const before = await counts();
    const result = await fantdu.services.retention.purge('test');
    expect(result).toEqual({ ran: true, commentsErased: { kommune: 1 }, auditDeleted: 0 });
    const rows = await t.db('feedback').orderBy('created_at').select('comment', 'redactions', 'found', 'path', 'created_at');
    expect(rows.map((r: { comment: string | null }) => r.comment)).toEqual([null, 'nyere kommentar']);
    expect(rows).toHaveLength(2);
    const after = await counts();
    expect(after.map(({ comments, ...rest }: { comments: number }) => rest)).toEqual(before.map(({ comments, ...rest }: { comments: number }) => rest));
    expect(after[0].comments).toBe(1);
    const entry = await t.db('audit_log').where({ action: 'retention.purge' }).first();
    expect(entry).toMatchObject({ site_id: 'kommune', actor: 'test' });
    expect(JSON.stringify(entry)).not.toContain('gammel');
  });

  it('with 0 days erases every comment', async () => {
    const zero = new RetentionService(t.db, { retentionDays: 0, auditRetentionDays: 365 }, () => now);
    await zero.purge('test');
    expect(await t.db('feedback').whereNotNull('comment').count('* as n')).toEqual([{ n: expect.anything() }]);
    expect(Number((await t.db('feedback').whereNotNull('comment').count('* as n'))[0]?.n)).toBe(0);
    expect(Number((await t.db('feedback').count('* as n'))[0]?.n)).toBe(2);
  });

  it('deletes audit entries past their own retention', async () => {
    await t.db('audit_log').insert({ site_id: 'kommune', actor: 'x', action: 'old', details: '{}', at: new Date(now.getTime() - 400 * day) });
    const result = await fantdu.services.retention.purge('test');
    expect(result).toMatchObject({ ran: true, auditDeleted: 1 });
    expect(await t.db('audit_log').where({ action: 'old' }).first()).toBeUndefined();
  });

  it.runIf(process.env.FANTDU_TEST_DB === 'postgres')('while another instance purges (holds the lock), a purge does nothing and says so', async () => {
    const trx = await t.db.transaction();
    await trx.raw('select pg_advisory_xact_lock(?)', [purgeLockKey]);
    expect(await fantdu.services.retention.purge('second')).toEqual({ ran: false });
    await trx.commit();
    expect(await fantdu.services.retention.purge('second')).toMatchObject({ ran: true });
  });

  it('the schedule runs the purge once a day, whoever asks', async () => {
    const ran: string[] = [];
    const logger = { info: () => ran.push('info'), warn: () => ran.push('warn') } as never;
    const stop = fantdu.services.retention.schedule(logger, 60_000);
    await new Promise((r) => setTimeout(r, 200));
    stop();
    const last = await fantdu.services.retention.lastRun();
    expect(last?.toISOString()).toBe(now.toISOString());
  });
});
