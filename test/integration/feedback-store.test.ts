import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore, type NewFeedback } from '../../src/intake/feedback-store.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await t.db('sites').insert({ id: 'demo', name: 'Demo', origins: ['https://www.demo.no'] });
});
afterAll(() => t.drop());

const comment = (n: number, at: Date): NewFeedback => ({
  id: randomUUID(),
  siteId: 'demo',
  path: `/side/${n}`,
  found: false,
  comment: `Finner ikke skjema ${n}`,
  redactions: [],
  lang: 'nb',
  clientAddress: null,
  createdAt: at,
  sameCommentSince: new Date(at.getTime() - 600_000),
});

describe('FeedbackStore: the batch statement', () => {
  it('keeps finding the same comment by its hash with the plan it made on an empty table', async () => {
    // The statement's plan is made once per connection (a function): one made while the table was empty must still
    // look a comment up by site, page and hash, not read the site's comments (a cost that grows with the table).
    const scans = await t.db.transaction(async (trx) => {
      const store = new FeedbackStore(trx);
      const at = new Date();
      for (let n = 0; n < 12; n++) expect(await store.insert(comment(n, at))).toEqual({ kind: 'inserted' });
      const same = comment(3, at);
      expect(await store.insert(same)).toEqual({ kind: 'same', earlier: expect.any(String) });
      const { rows } = await trx.raw(
        `select index, pg_stat_get_xact_numscans(index::regclass)::int as scans
         from unnest(array['feedback_same_comment_hash', 'feedback_site_commented_time']) as index`,
      );
      return rows;
    });
    expect(scans).toEqual([
      { index: 'feedback_same_comment_hash', scans: 13 },
      { index: 'feedback_site_commented_time', scans: 0 },
    ]);
  });
});
