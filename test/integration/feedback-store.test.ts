import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackStore, type NewFeedback } from '../../src/intake/feedback-store.ts';
import { ThemeStore } from '../../src/themes/theme-store.ts';
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

/** How many times the current transaction has read a table from end to end, or searched an index. */
const scansOf = async (trx: Knex, relation: string) =>
  Number((await trx.raw('select pg_stat_get_xact_numscans(?::regclass) as n', [relation])).rows[0].n);

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
      return {
        feedback_same_comment_hash: await scansOf(trx, 'feedback_same_comment_hash'),
        feedback_site_commented_time: await scansOf(trx, 'feedback_site_commented_time'),
      };
    });
    expect(scans).toEqual({ feedback_same_comment_hash: 13, feedback_site_commented_time: 0 });
  });
});

describe('ThemeStore: suggestions for comments just stored', () => {
  it('are joined to their comments by id, not by reading every comment', async () => {
    const store = new FeedbackStore(t.db);
    const at = new Date();
    const stored: string[] = [];
    for (let round = 0; round < 10; round++)
      await Promise.all(
        Array.from({ length: 500 }, (_, n) => {
          const f = comment(100 + round * 500 + n, at);
          stored.push(f.id);
          return store.insert(f);
        }),
      );
    await new ThemeStore(t.db).insert('demo', { id: 'skjema', name: 'Skjema', words: [], patterns: [] });
    const seqScans = await t.db.transaction(async (trx) => {
      await new ThemeStore(trx).addSuggestions(
        stored.slice(0, 2).map((id) => ({ feedback_id: id, theme_id: 'skjema' })),
      );
      return scansOf(trx, 'feedback');
    });
    expect(seqScans).toBe(0);
    expect(await t.db('feedback_themes').where({ by: 'suggestion' }).pluck('feedback_id')).toEqual(
      expect.arrayContaining(stored.slice(0, 2)),
    );
  });
});
