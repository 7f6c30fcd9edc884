import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedbackSeed, seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let fantdu: TestApp;
let token: string;
const now = new Date('2026-11-27T12:00:00Z');
const today = '2026-11-27';
const dayMs = 86_400_000;
const daysAgo = (n: number) => new Date(now.getTime() - n * dayMs);

/** `yes` and `no` answers on a page, one a day in turn over the days `from` to `to` days ago (noon, Oslo). */
function answers(path: string, counts: { yes: number; no: number }, from: number, to: number, site = 'kommune') {
  const seeds: FeedbackSeed[] = [];
  for (let i = 0; i < counts.yes + counts.no; i++)
    seeds.push({ site, path, found: i >= counts.no, at: daysAgo(from - (i % (from - to + 1))) });
  return seeds;
}

interface Alert {
  path: string;
  kind: string;
  at: string;
  recent: { yes: number; no: number; from: string; to: string };
  baseline: { yes: number; no: number; from: string; to: string };
}
const alerts = async (query = '') => {
  const res = await request(fantdu.callback)
    .get(`/api/v1/sites/kommune/alerts${query}`)
    .set('Authorization', `Bearer ${token}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Alert[];
};

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  token = await fantdu.services.tokens.createToken('kommune', 'Varsler', 'editor');
  await seedFeedback(fantdu.stores, [
    // A real spike: 20 % "no" over the 28 days before, 70 % in the last 7.
    ...answers('/spike', { yes: 80, no: 20 }, 34, 7),
    ...answers('/spike', { yes: 6, no: 14 }, 6, 0),
    // A steady share: 30 % before and after.
    ...answers('/steady', { yes: 70, no: 30 }, 34, 7),
    ...answers('/steady', { yes: 14, no: 6 }, 6, 0),
    // Two "no" on a page that is otherwise all "yes": too few answers to say anything.
    ...answers('/two-no', { yes: 50, no: 0 }, 34, 7),
    ...answers('/two-no', { yes: 0, no: 2 }, 6, 0),
    // Ten answers, half "no", on a page with 40 % before: a rise within chance.
    ...answers('/chance', { yes: 60, no: 40 }, 34, 7),
    ...answers('/chance', { yes: 5, no: 5 }, 6, 0),
    // A spike that ended: "no" from 20 to 12 days ago, all "yes" since.
    ...answers('/past', { yes: 100, no: 0 }, 60, 21),
    ...answers('/past', { yes: 0, no: 15 }, 20, 14),
    ...answers('/past', { yes: 30, no: 0 }, 13, 0),
    // The same spike on another site's page of the same path.
    ...answers('/other', { yes: 80, no: 20 }, 34, 7, 'annen'),
    ...answers('/other', { yes: 0, no: 20 }, 6, 0, 'annen'),
  ]);
});
afterAll(async () => {
  await fantdu?.close();
  await t?.drop();
});

describe('spike alerts', () => {
  it('alerts on a real spike, and not on a steady share, two "no" or a rise within chance', async () => {
    expect(await alerts()).toEqual([
      {
        path: '/spike',
        kind: 'spike',
        at: today,
        recent: { yes: 6, no: 14, from: '2026-11-21', to: today },
        baseline: { yes: 80, no: 20, from: '2026-10-24', to: '2026-11-20' },
        p: expect.any(Number),
      },
    ]);
  });

  it('finds a past spike over a range of days, as of the last day it alerted', async () => {
    const found = await alerts('?from=2026-11-14&to=2026-11-27');
    expect(found.map((a) => a.path).sort()).toEqual(['/past', '/spike']);
    const past = found.find((a) => a.path === '/past');
    expect(past?.recent.no).toBeGreaterThanOrEqual(1);
    expect(past && past.at < today).toBe(true);
    expect(await alerts('?from=2026-10-24&to=2026-11-06')).toEqual([]);
  });

  it('leaves spam out: a spike made of spam is no spike', async () => {
    const ids = await t
      .db('feedback')
      .where({ site_id: 'kommune', path: '/spike', found: false })
      .where('created_at', '>=', daysAgo(6.5))
      .pluck('id');
    await t.db('feedback').whereIn('id', ids).update({ status: 'spam' });
    expect(await alerts()).toEqual([]);
    await t.db('feedback').whereIn('id', ids).update({ status: 'new' });
    expect((await alerts()).map((a) => a.path)).toEqual(['/spike']);
  });

  it('refuses ranges it cannot answer quickly, and other sites', async () => {
    const get = (query: string, as = token, site = 'kommune') =>
      request(fantdu.callback).get(`/api/v1/sites/${site}/alerts${query}`).set('Authorization', `Bearer ${as}`);
    for (const query of ['?from=2026-01-01', '?to=9999-12-31', '?from=0001-01-01&to=2026-01-01', '?to=i+dag']) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.type).toBe('application/problem+json');
    }
    expect((await get('?from=2026-11-27&to=2026-11-01')).status).toBe(400);
    expect((await get('', token, 'annen')).status).toBe(404);
    expect((await request(fantdu.callback).get('/api/v1/sites/kommune/alerts')).status).toBe(401);
  });
});
