import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, rollbackAll } from '../../src/db.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('migrations', () => {
  it('go all the way down and up again', async () => {
    const tables = () =>
      t
        .db('pg_tables')
        .where({ schemaname: 'public' })
        .whereNot('tablename', 'like', 'knex_%')
        .orderBy('tablename')
        .pluck('tablename');
    const before = await tables();
    expect(before).toEqual(expect.arrayContaining(['feedback', 'sites', 'users', 'audit_log']));
    await rollbackAll(t.db);
    expect(await tables()).toEqual([]);
    expect((await migrate(t.db)).length).toBeGreaterThan(0);
    expect(await tables()).toEqual(before);
    expect(await migrate(t.db)).toEqual([]);
  });
});
