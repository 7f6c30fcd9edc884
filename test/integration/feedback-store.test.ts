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

/**
 * How many times each relation is read from end to end (a table) or searched (an index) while `work` runs, in one
 * transaction. Postgres's counts include the connection's earlier transactions until they are flushed, which never
 * happens within a transaction: so the counts before and after.
 */
async function scansDuring(relations: string[], work: (trx: Knex.Transaction) => Promise<void>) {
  return t.db.transaction(async (trx) => {
    const scans = async () =>
      (
        await trx.raw('select r, pg_stat_get_xact_numscans(r::regclass)::int as n from unnest(?::text[]) as r', [
          relations,
        ])
      ).rows as { r: string; n: number }[];
    const before = await scans();
    await work(trx);
    const after = await scans();
    return Object.fromEntries(after.map(({ r, n }, i) => [r, n - (before[i]?.n ?? 0)]));
  });
}

describe('FeedbackStore: the batch statement', () => {
  // The statement is a function: under load (batches of ten and more) Postgres keeps one generic plan per connection,
  // made at its first calls, on a new database while the table is empty; small batches are planned for each call.
  // Either way a comment is looked up by site, page and hash, never by reading the site's comments.
  it.each([
    ['the plan kept from an empty table', 'force_generic_plan', 0],
    ['a plan made for the call', 'force_custom_plan', 100],
  ])('finds the same comment by its hash with %s', async (_, mode, from) => {
    const indexes = ['feedback_same_comment_hash', 'feedback_site_commented_time'];
    const scans = await scansDuring(indexes, async (trx) => {
      await trx.raw(`set local plan_cache_mode = ${mode}`);
      const store = new FeedbackStore(trx);
      const at = new Date();
      for (let n = from; n < from + 12; n++) expect(await store.insert(comment(n, at))).toEqual({ kind: 'inserted' });
      expect(await store.insert(comment(from + 3, at))).toEqual({ kind: 'same', earlier: expect.any(String) });
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
          const f = comment(1000 + round * 500 + n, at);
          stored.push(f.id);
          return store.insert(f);
        }),
      );
    await new ThemeStore(t.db).insert('demo', { id: 'skjema', name: 'Skjema', words: [], patterns: [] });
    const scans = await scansDuring(['feedback'], async (trx) => {
      const pairs = stored.slice(0, 2).map((id) => ({ feedback_id: id, theme_id: 'skjema' }));
      await new ThemeStore(trx).addSuggestions(pairs);
    });
    expect(scans).toEqual({ feedback: 0 });
    expect(await t.db('feedback_themes').where({ by: 'suggestion' }).pluck('feedback_id')).toEqual(
      expect.arrayContaining(stored.slice(0, 2)),
    );
  });
});
