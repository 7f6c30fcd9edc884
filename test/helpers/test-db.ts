import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDb, type Db, migrate } from '../../src/db.ts';
import { withDatabase } from './global-setup.ts';

export interface TestDb {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** A URL for another process (Postgres only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A migrated database of this test file's own: a clone of the template on Postgres, or an in-memory PGlite. */
export async function createTestDb(): Promise<TestDb> {
  if (process.env.FANTDU_TEST_DB === 'postgres') {
    const serverUrl = process.env.TEST_DATABASE_URL as string;
    const name = `fantdu_test_${randomBytes(6).toString('hex')}`;
    const admin = createDb({ url: serverUrl });
    await admin.raw(`create database ${name} template ${inject('templateDatabase')}`);
    const url = withDatabase(serverUrl, name);
    const db = createDb({ url });
    return {
      db,
      kind: 'postgres',
      url,
      async drop() {
        await db.destroy();
        await admin.raw(`drop database if exists ${name} with (force)`);
        await admin.destroy();
      },
    };
  }
  const db = createDb({ memory: true });
  await migrate(db);
  return { db, kind: 'pglite', url: undefined, drop: () => db.destroy() };
}
