import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportReadModel, type PageSort, type PagesOptions } from '../../src/reports/report-read-model.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let reads: ReportReadModel;

/** The answer as it must be: added up from the feedback rows themselves, in the order the contract gives. */
async function expected(siteId: string, o: PagesOptions): Promise<unknown[]> {
  const order = { no: '"no" desc, total desc, path', total: 'total desc, "no" desc, path' }[o.sort as 'no' | 'total'];
  const result = await t.db.raw(
    `select path, count(*) filter (where found)::int as yes, count(*) filter (where not found)::int as "no", count(*)::int as total,
            count(comment)::int as comments, max(created_at) as last_at
     from feedback
     where site_id = ? and (created_at at time zone 'Europe/Oslo')::date between coalesce(?::date, '-infinity') and coalesce(?::date, 'infinity')
       and path like ?
     group by path order by ${order} limit ? offset ?`,
    [siteId, o.from ?? null, o.to ?? null, `${o.pathPrefix ?? ''}%`, o.limit, o.offset],
  );
  return result.rows.map((r: { last_at: Date }) => ({ ...r, last_at: undefined, lastAt: r.last_at.toISOString() })).map(({ last_at, ...r }: { last_at: unknown }) => r);
}

beforeAll(async () => {
  t = await createTestDb();
  reads = new ReportReadModel(t.db);
  await t.db('sites').insert([
    { id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] },
    { id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] },
  ]);
  // 30 000 answers over 400 pages and seven months (both changes of summer time), a few pages getting most of them,
  // with many equal counts to break ties on; and another site's answers on the same paths, which must not count.
  await t.db.raw(`select setseed(0.42)`);
  await t.db.raw(
    `insert into feedback (id, site_id, path, found, comment, redactions, lang, created_at, commented_at)
     select gen_random_uuid(), case when g % 10 = 0 then 'annen' else 'kommune' end,
            '/side/' || floor(power(random(), 3) * 400)::int, random() < 0.6, c, '{}', 'nb', at, case when c is null then null else at end
     from (select g, case when random() < 0.2 then 'Fant ikke ' || g end as c,
                  timestamptz '2026-02-20T00:00:00Z' + random() * interval '240 days' as at
           from generate_series(1, 30000) g) s`,
  );
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
    await t.db('sites').insert({ id: 'tom', name: 'Tom', origins: ['https://www.tom.no'] });
    expect(await reads.pages('tom', { sort: 'no', limit: 10, offset: 0 })).toEqual([]);
    expect(await reads.pages('kommune', { from: '2027-01-01', to: '2027-02-01', sort: 'total', limit: 10, offset: 0 })).toEqual([]);
  });
});
