import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeLockKey } from '../../src/privacy/retention.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
const day = 86_400_000;
let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-01-01T12:00:00Z');

async function answer(at: Date, comment: string, found = false) {
  await seedFeedback(fantdu.stores, [{ site: 'kommune', path: '/side', found, comment, at }]);
}

const counts = async () =>
  (await request(fantdu.callback).get('/api/v1/sites/kommune/pages').set('Authorization', `Bearer ${token}`)).body
    .items;
let token = '';

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, {
    clock: () => now,
    env: { FANTDU_RETENTION_DAYS: '180', FANTDU_RATE_LIMIT: '1000/60' },
  });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  token = await fantdu.services.tokens.createToken('kommune', 'Drift', 'admin');
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
    const rows = await t
      .db('feedback')
      .orderBy('created_at')
      .select('comment', 'redactions', 'found', 'path', 'created_at');
    expect(rows.map((r: { comment: string | null }) => r.comment)).toEqual([null, 'nyere kommentar']);
    expect(rows).toHaveLength(2);
    const after = await counts();
    expect(after.map(({ comments, ...rest }: { comments: number }) => rest)).toEqual(
      before.map(({ comments, ...rest }: { comments: number }) => rest),
    );
    expect(after[0].comments).toBe(1);
    const entry = await t.db('audit_log').where({ action: 'retention.purge' }).first();
    expect(entry).toMatchObject({ site_id: 'kommune', actor: 'test' });
    expect(JSON.stringify(entry)).not.toContain('gammel');
  });

  it('with 0 days erases every comment, made today too, and keeps the answers', async () => {
    const [id] = await seedFeedback(fantdu.stores, [
      { site: 'kommune', path: '/i-dag', found: false, comment: 'skrevet i dag', at: now },
    ]);
    const zero = createTestApp(t.db, { clock: () => now, env: { FANTDU_RETENTION_DAYS: '0' } });
    const result = await zero.services.retention.purge('test');
    await zero.close();
    expect(result).toMatchObject({ ran: true, commentsErased: { kommune: expect.any(Number) } });
    expect(Number((await t.db('feedback').whereNotNull('comment').count('* as n'))[0]?.n)).toBe(0);
    expect(await t.db('feedback').where({ id }).first('found', 'path', 'comment')).toEqual({
      found: false,
      path: '/i-dag',
      comment: null,
    });
  });

  it('deletes audit entries past their own retention', async () => {
    await t.db('audit_log').insert({
      site_id: 'kommune',
      actor: 'x',
      action: 'old',
      details: '{}',
      at: new Date(now.getTime() - 400 * day),
    });
    const result = await fantdu.services.retention.purge('test');
    expect(result).toMatchObject({ ran: true, auditDeleted: 1 });
    expect(await t.db('audit_log').where({ action: 'old' }).first()).toBeUndefined();
  });

  it.runIf(process.env.FANTDU_TEST_DB === 'postgres')(
    'while another instance purges (holds the lock), a purge does nothing and says so',
    async () => {
      const trx = await t.db.transaction();
      await trx.raw('select pg_advisory_xact_lock(?)', [purgeLockKey]);
      expect(await fantdu.services.retention.purge('second')).toEqual({ ran: false });
      await trx.commit();
      expect(await fantdu.services.retention.purge('second')).toMatchObject({ ran: true });
    },
  );

  it('the schedule runs the purge once a day, whichever instance asks', async () => {
    const said: string[] = [];
    const logger = {
      info: (_: unknown, message: string) => said.push(message),
      warn: (_: unknown, message: string) => said.push(message),
    } as never;
    const tickOf = async (app: TestApp) => {
      const stop = app.services.retention.schedule(logger, 60_000);
      for (let i = 0; i < 50 && (await app.services.retention.lastRun())?.getTime() !== now.getTime(); i++)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      stop();
    };
    const purgedAt = (await fantdu.services.retention.lastRun())?.getTime();
    // Less than a day after the last purge (by the tests above): nothing.
    now = new Date((purgedAt ?? 0) + 22 * 3_600_000);
    await tickOf(fantdu);
    expect(said).toEqual([]);
    expect((await fantdu.services.retention.lastRun())?.getTime()).toBe(purgedAt);
    // A day later it runs, once: a second instance asking at the same time does nothing.
    now = new Date((purgedAt ?? 0) + 25 * 3_600_000);
    const second = createTestApp(t.db, { clock: () => now });
    await Promise.all([tickOf(fantdu), tickOf(second)]);
    await second.close();
    expect(said).toEqual(['retention: daily purge done']);
    expect((await fantdu.services.retention.lastRun())?.toISOString()).toBe(now.toISOString());
  });
});
