import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportReadModel } from '../../src/reports/report-read-model.ts';
import { seedFeedback, storesOf } from '../helpers/feedback-fixture.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let reads: ReportReadModel;
let newestFirst: string[] = [];

async function exported(batchSize: number, filters = {}): Promise<{ sizes: number[]; ids: string[] }> {
  const sizes: number[] = [];
  const ids: string[] = [];
  for await (const batch of reads.exportBatches('kommune', filters, batchSize)) {
    sizes.push(batch.length);
    ids.push(...batch.map((r) => r.id));
  }
  return { sizes, ids };
}

beforeAll(async () => {
  t = await createTestDb();
  const stores = storesOf(t.db);
  reads = stores.reports;
  await stores.sites.insert({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  // Nine answers, three of them in the same millisecond (the cursor then goes by id).
  const times = [
    '2026-05-01T10:00:00.001Z',
    '2026-05-01T10:00:00.002Z',
    '2026-05-01T10:00:00.002Z',
    '2026-05-01T10:00:00.002Z',
    '2026-05-02T08:00:00Z',
    '2026-05-03T08:00:00Z',
    '2026-05-04T08:00:00Z',
    '2026-05-05T08:00:00Z',
    '2026-05-06T08:00:00Z',
  ];
  const seeds = times.map((at, i) => ({
    id: `00000000-0000-4000-8000-00000000000${i}`,
    site: 'kommune',
    path: '/a',
    found: i % 2 === 0,
    at,
  }));
  await seedFeedback(stores, seeds);
  newestFirst = seeds
    .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)))
    .map((r) => r.id);
});
afterAll(() => t.drop());

describe('the export in batches', () => {
  it('gives every answer once, newest first, whatever the batch size', async () => {
    expect(await exported(4)).toEqual({ sizes: [4, 4, 1], ids: newestFirst });
    expect(await exported(3)).toEqual({ sizes: [3, 3, 3], ids: newestFirst });
    expect(await exported(1)).toEqual({ sizes: Array(9).fill(1), ids: newestFirst });
    expect(await exported(100)).toEqual({ sizes: [9], ids: newestFirst });
  });

  it('gives nothing when nothing matches, and may be left early', async () => {
    expect(await exported(2, { from: '2027-01-01' })).toEqual({ sizes: [], ids: [] });
    for await (const batch of reads.exportBatches('kommune', {}, 2)) {
      expect(batch).toHaveLength(2);
      break; // the next batch, already asked for, is left unread
    }
  });
});
