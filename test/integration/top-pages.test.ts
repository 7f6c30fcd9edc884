import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageSort, PagesOptions } from '../../src/reports/report.ts';
import type { ReportReadModel } from '../../src/reports/report-read-model.ts';
import type { Stores } from '../../src/services.ts';
import { type FeedbackSeed, seedFeedback, storesOf } from '../helpers/feedback-fixture.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let stores: Stores;
let reads: ReportReadModel;

/** A repeatable stream of numbers in [0, 1) (mulberry32), so that every run seeds the same answers. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The answer as it must be: added up from the feedback rows themselves, in the order the contract gives. */
async function expected(siteId: string, o: PagesOptions): Promise<unknown[]> {
  const order = { no: '"no" desc, total desc, path', total: 'total desc, "no" desc, path' }[o.sort as 'no' | 'total'];
  const result = await t.db.raw(
    `select path, count(*) filter (where found)::int as yes, count(*) filter (where not found)::int as "no",
            count(*)::int as total,
            count(comment)::int as comments, max(created_at) as last_at
     from feedback
     where site_id = ?
       and (created_at at time zone 'Europe/Oslo')::date
           between coalesce(?::date, '-infinity') and coalesce(?::date, 'infinity')
       and path like ?
     group by path order by ${order} limit ? offset ?`,
    [siteId, o.from ?? null, o.to ?? null, `${o.pathPrefix ?? ''}%`, o.limit, o.offset],
  );
  return result.rows
    .map((r: { last_at: Date }) => ({
      ...r,
      last_at: undefined,
      lastAt: r.last_at.toISOString(),
      views: 0,
      noPer1000: null,
    }))
    .map(({ last_at, ...r }: { last_at: unknown }) => r);
}

beforeAll(async () => {
  t = await createTestDb();
  stores = storesOf(t.db);
  reads = stores.reports;
  await stores.sites.insert({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await stores.sites.insert({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  // 30 000 answers over 400 pages and seven months (both changes of summer time), a few pages getting most of them,
  // with many equal counts to break ties on; and another site's answers on the same paths, which must not count.
  const next = random(42);
  const start = Date.parse('2026-02-20T00:00:00Z');
  const seeds: FeedbackSeed[] = Array.from({ length: 30_000 }, (_, i) => {
    const g = i + 1;
    return {
      site: g % 10 === 0 ? 'annen' : 'kommune',
      path: `/side/${Math.floor(next() ** 3 * 400)}`,
      found: next() < 0.6,
      comment: next() < 0.2 ? `Fant ikke ${g}` : undefined,
      at: new Date(start + Math.floor(next() * 240 * 86_400_000)),
    };
  });
  await seedFeedback(stores, seeds);
});
afterAll(() => t.drop());

describe('the top pages of a range (found among candidates from the monthly counts)', () => {
  const ranges = [
    { from: '2026-07-20', to: '2026-10-17' }, // 90 days over four months
    { from: '2026-03-29', to: '2026-03-29' }, // the night summer time begins
    { from: '2026-05-03', to: '2026-05-09' }, // one week inside a month
    { from: '2026-04-30', to: '2026-06-01' }, // a day either side of a whole month
    {}, // everything
    { from: '2026-09-01' },
    { to: '2026-04-15' },
  ];
  const pages = [
    { limit: 100, offset: 0 },
    { limit: 11, offset: 0 },
    { limit: 51, offset: 50 },
    { limit: 21, offset: 180 },
  ];
  for (const sort of ['no', 'total'] as PageSort[]) {
    it(`gives exactly what adding up every page gives, by ${sort}`, async () => {
      for (const range of ranges) {
        for (const page of pages) {
          for (const pathPrefix of [undefined, '/side/1']) {
            const options = { ...range, ...page, sort, pathPrefix };
            const want = await expected('kommune', options);
            expect(await reads.pages('kommune', options), JSON.stringify(options)).toEqual(want);
          }
        }
      }
    });
  }

  it('takes the short way for the usual reports rather than adding up every page', async () => {
    for (const sort of ['no', 'total'] as const) {
      for (const range of [ranges[0], ranges[2], ranges[3], {}]) {
        const options = { ...range, sort, limit: 11, offset: 0 };
        expect(await reads.topPages('kommune', options)).toEqual(await expected('kommune', options));
      }
    }
  });

  it('is empty for a site without answers or a range without them', async () => {
    await stores.sites.insert({ id: 'tom', name: 'Tom', origins: ['https://www.tom.no'] });
    expect(await reads.pages('tom', { sort: 'no', limit: 10, offset: 0 })).toEqual([]);
    expect(
      await reads.pages('kommune', { from: '2027-01-01', to: '2027-02-01', sort: 'total', limit: 10, offset: 0 }),
    ).toEqual([]);
  });
});
