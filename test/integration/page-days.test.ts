import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-03-28T22:30:00Z');
let token = '';

/** The daily counts as they must be: recomputed from the feedback rows themselves. */
const recomputed = () =>
  t.db.raw(`select site_id, path, to_char((created_at at time zone 'Europe/Oslo')::date, 'YYYY-MM-DD') as day,
                   count(*) filter (where found)::int as yes, count(*) filter (where not found)::int as no,
                   count(comment)::int as comments, max(created_at) as last_at
            from feedback group by 1, 2, 3 order by 1, 2, 3`);
const kept = () =>
  t.db.raw(
    `select site_id, path, to_char(day, 'YYYY-MM-DD') as day, yes, no, comments, last_at from page_days order by 1, ` +
      `2, 3`,
  );

/** The monthly counts (page_months), likewise. */
const recomputedMonths = () =>
  t.db.raw(`select site_id, path,
                   to_char(date_trunc('month', created_at at time zone 'Europe/Oslo'), 'YYYY-MM-DD') as month,
                   count(*) filter (where found)::int as yes, count(*) filter (where not found)::int as no
            from feedback group by 1, 2, 3 order by 1, 2, 3`);
const keptMonths = () =>
  t.db.raw(`select site_id, path, to_char(month, 'YYYY-MM-DD') as month, yes, no from page_months order by 1, 2, 3`);

async function expectInStep(): Promise<void> {
  expect((await kept()).rows).toEqual((await recomputed()).rows);
  expect((await keptMonths()).rows).toEqual((await recomputedMonths()).rows);
}

async function post(body: Record<string, unknown>, at: Date): Promise<string> {
  now = at;
  const id = (body.id as string | undefined) ?? randomUUID();
  const res = await request(fantdu.callback)
    .post('/api/v1/feedback')
    .send({ id, site: 'kommune', ...body });
  expect(res.status).toBeLessThan(300);
  return id;
}

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, {
    clock: () => now,
    env: { FANTDU_RETENTION_DAYS: '30', FANTDU_RATE_LIMIT: '1000/60' },
  });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  token = await fantdu.services.tokens.createToken('kommune', 'Drift', 'admin');
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('the daily and monthly counts (page_days, page_months)', () => {
  it('stay in step with the feedback through posts, comments, status changes, purges and deletions', async () => {
    // Around midnight in Oslo, on the night summer time begins (22:30Z is 23:30 in Oslo, 23:30Z is 01:30 the next day),
    // and either side of the turn of the month in Oslo (21:30Z on 31 March is 23:30 there, 22:30Z is 00:30 on 1 April).
    const ids = [];
    const times = [
      '2026-03-28T22:30:00Z',
      '2026-03-28T23:30:00Z',
      '2026-03-29T00:30:00Z',
      '2026-03-29T12:00:00Z',
      '2026-03-31T21:30:00Z',
      '2026-03-31T22:30:00Z',
    ];
    for (const [i, at] of times.entries()) {
      ids.push(await post({ url: `${origin}/a`, found: i % 2 === 0 }, new Date(at)));
      ids.push(await post({ url: `${origin}/b?x=${i}`, found: false, comment: `Fant ikke ${i}` }, new Date(at)));
    }
    await expectInStep();

    // A comment that follows a vote.
    await post(
      { id: ids[0], url: `${origin}/a`, found: true, comment: 'Kom etterpå' },
      new Date('2026-03-29T13:00:00Z'),
    );
    await expectInStep();

    // A status change counts nothing.
    await request(fantdu.callback)
      .patch(`/api/v1/sites/kommune/feedback/${ids[1]}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ status: 'done' })
      .expect(200);
    await expectInStep();

    // Deleting the latest answer of a page-day gives it the latest of those left; deleting the only one removes it
    // (and the page's month, when it was the month's only answer).
    await request(fantdu.callback)
      .delete(`/api/v1/sites/kommune/feedback/${ids[7]}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await request(fantdu.callback)
      .delete(`/api/v1/sites/kommune/feedback/${ids[2]}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await request(fantdu.callback)
      .delete(`/api/v1/sites/kommune/feedback/${ids[10]}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await expectInStep();

    // Comments past retention are erased; answers stay.
    now = new Date('2026-06-01T12:00:00Z');
    await fantdu.services.retention.purge('test');
    await expectInStep();
    const rows = (await kept()).rows as { comments: number }[];
    expect(rows.every((r) => r.comments === 0)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  });
});
