import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCounts } from '../../src/reports/count-fold.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';
let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-03-28T22:30:00Z');
let token = '';

/** The daily counts as they must be: recomputed from the feedback rows themselves (spam counts nowhere). */
const recomputed = () =>
  t.db.raw(`select site_id, path, to_char((created_at at time zone 'Europe/Oslo')::date, 'YYYY-MM-DD') as day,
                   count(*) filter (where found)::int as yes, count(*) filter (where not found)::int as no,
                   count(comment)::int as comments, max(created_at) as last_at
            from feedback where status <> 'spam' group by 1, 2, 3 order by 1, 2, 3`);
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
            from feedback where status <> 'spam' group by 1, 2, 3 order by 1, 2, 3`);
const keptMonths = () =>
  t.db.raw(`select site_id, path, to_char(month, 'YYYY-MM-DD') as month, yes, no from page_months order by 1, 2, 3`);

/** Folds what the intake noted into the counts, as a read of them does first. */
const fold = () => foldCounts(t.db);

/** Runs `body` with fold_read_models() replaced by `sql` (a plpgsql body that may call the real one, fold_kept()). */
async function withFold(sql: string, body: () => Promise<void>): Promise<void> {
  await t.db.raw('alter function fold_read_models() rename to fold_kept');
  await t.db.raw(`create function fold_read_models() returns integer language plpgsql as $$ begin ${sql} end $$`);
  try {
    await body();
  } finally {
    await t.db.raw('drop function fold_read_models()');
    await t.db.raw('alter function fold_kept() rename to fold_read_models');
  }
}

/** The daily term counts (term_days), and as they must be: comments not marked spam, per term and Oslo day. */
const keptTerms = () =>
  t.db.raw(`select site_id, term, to_char(day, 'YYYY-MM-DD') as day, comments, no from term_days order by 1, 2, 3`);
const recomputedTerms = () =>
  t.db.raw(`select site_id, t.term, to_char((created_at at time zone 'Europe/Oslo')::date, 'YYYY-MM-DD') as day,
                   count(*)::int as comments, count(*) filter (where not found)::int as no
            from feedback cross join unnest(array_prepend('', terms)) as t (term)
            where status <> 'spam' and terms is not null group by 1, 2, 3 order by 1, 2, 3`);

async function expectInStep(): Promise<void> {
  await fold();
  expect((await kept()).rows).toEqual((await recomputed()).rows);
  expect((await keptMonths()).rows).toEqual((await recomputedMonths()).rows);
  expect((await keptTerms()).rows).toEqual((await recomputedTerms()).rows);
}

const api = (method: 'patch' | 'delete', id: string) =>
  request(fantdu.callback)[method](`/api/v1/sites/kommune/feedback/${id}`).set('Authorization', `Bearer ${token}`);

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
    await api('patch', ids[1] as string)
      .send({ status: 'done' })
      .expect(200);
    await expectInStep();

    // Deleting the latest answer of a page-day gives it the latest of those left; deleting the only one removes it
    // (and the page's month, when it was the month's only answer).
    for (const i of [7, 2, 10]) await api('delete', ids[i] as string).expect(204);
    await expectInStep();

    // Comments past retention are erased; answers stay.
    now = new Date('2026-06-01T12:00:00Z');
    await fantdu.services.retention.purge('test');
    await expectInStep();
    const rows = (await kept()).rows as { comments: number }[];
    expect(rows.every((r) => r.comments === 0)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('count answers changed before they were folded as they are then: spam, comments, erasures, purges', async () => {
    now = new Date('2026-06-10T08:00:00Z');
    const ids = [];
    for (let i = 0; i < 12; i++)
      ids.push(await post({ url: `${origin}/c/${i % 3}`, found: i % 2 === 0, comment: `Brøyting ${i}` }, now));
    const votes = [];
    for (let i = 0; i < 4; i++) votes.push(await post({ url: `${origin}/c/${i}`, found: false }, now));
    // Nothing has read the counts since: every change below is to an answer only noted.
    await api('patch', ids[0] as string)
      .send({ status: 'spam' })
      .expect(200);
    await api('patch', ids[1] as string)
      .send({ status: 'spam' })
      .expect(200);
    await api('patch', ids[1] as string)
      .send({ status: 'new' })
      .expect(200);
    await post({ id: votes[0], url: `${origin}/c/0`, found: false, comment: 'Kom etterpå' }, now);
    for (const i of [2, 3]) await api('delete', ids[i] as string).expect(204);
    // Erased, then posted again under the same id: noted twice, counted once.
    await post({ id: ids[2], url: `${origin}/c/2`, found: true }, now);
    now = new Date('2026-09-10T08:00:00Z');
    await fantdu.services.retention.purge('test');
    expect((await t.db('read_models_pending').count({ n: '*' }))[0]?.n).not.toBe(0);
    await expectInStep();
    expect((await t.db('read_models_pending').count({ n: '*' }))[0]?.n).toEqual(expect.anything());
  });

  it('stay in step when folds, posts, status changes and erasures come at once', async () => {
    now = new Date('2026-09-11T08:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(await post({ url: `${origin}/d/${i % 5}`, found: i % 3 === 0, comment: `Søppel ${i}` }, now));
    await fold();
    await Promise.all([
      ...ids.slice(0, 20).map((id, i) => api('patch', id).send({ status: i % 2 ? 'spam' : 'done' })),
      ...ids.slice(20, 30).map((id) => api('delete', id)),
      ...Array.from({ length: 20 }, (_, i) =>
        post({ url: `${origin}/d/${i % 4}`, found: false, comment: `Ny ${i}` }, now),
      ),
      ...Array.from({ length: 10 }, fold),
      ...ids.slice(30).map((id) => api('patch', id).send({ status: 'spam' })),
    ]);
    await expectInStep();
  });

  it('a read while the fold fails has the counts of the last fold; the failure is logged, the rows wait', async () => {
    now = new Date('2026-09-13T08:00:00Z');
    await fold();
    const pages = () =>
      request(fantdu.callback)
        .get('/api/v1/sites/kommune/pages?from=2026-09-13&to=2026-09-13')
        .set('Authorization', `Bearer ${token}`);
    await post({ url: `${origin}/f`, found: false }, now);
    await withFold(`raise exception 'fold broken for the test';`, async () => {
      const res = await pages();
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
      expect(fantdu.log.text).toContain('fold broken for the test');
    });
    expect((await pages()).body.items).toMatchObject([{ path: '/f', no: 1 }]);
    await expectInStep();
  });

  it('reads asking at once share folds (one under way and one after it) and each sees what was stored', async () => {
    now = new Date('2026-09-14T08:00:00Z');
    await fold();
    await t.db.raw('create table fold_calls (at timestamptz)');
    try {
      await withFold('insert into fold_calls values (clock_timestamp()); return fold_kept();', async () => {
        const folds = async () => Number((await t.db('fold_calls').count({ n: '*' }))[0]?.n);
        await post({ url: `${origin}/g`, found: true }, now);
        const first = fantdu.stores.counts.fresh();
        // Stored while that fold is under way: the reads that ask now get a fold after it.
        await post({ url: `${origin}/g`, found: false }, now);
        await Promise.all([first, ...Array.from({ length: 10 }, () => fantdu.stores.counts.fresh())]);
        expect(await folds()).toBeLessThanOrEqual(3);
        expect((await kept()).rows).toContainEqual(expect.objectContaining({ path: '/g', yes: 1, no: 1 }));
        const before = await folds();
        await Promise.all(Array.from({ length: 10 }, () => fantdu.stores.counts.fresh()));
        expect((await folds()) - before).toBe(2);
      });
    } finally {
      await t.db.raw('drop table fold_calls');
    }
    await expectInStep();
  });

  it('reads that fold after the database was away fold again, not fail with the old failure', async () => {
    const counts = fantdu.stores.counts;
    await withFold(`raise exception 'terminating connection' using errcode = '57P01';`, async () => {
      const [first, queued] = await Promise.allSettled([counts.fresh(), counts.fresh()]);
      expect([first.status, queued.status]).toEqual(['rejected', 'rejected']);
    });
    await expect(Promise.all([counts.fresh(), counts.fresh(), counts.fresh()])).resolves.toBeDefined();
  });

  it('a fold waits for a change under way to an answer it would count, and counts it as changed', async () => {
    now = new Date('2026-09-12T08:00:00Z');
    const id = await post({ url: `${origin}/e`, found: false, comment: 'Tas for søppel' }, now);
    const change = await t.db.transaction();
    await change('feedback').where({ id }).update({ status: 'spam' });
    const folding = fold();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await change.commit();
    await folding;
    await expectInStep();
  });
});
