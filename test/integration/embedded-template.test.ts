import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../src/db.ts';
import { prepareDataDir, templateFile } from '../../src/embedded-template.ts';

/** A new embedded database is a copy of the template made for this PGlite, not PGlite's initdb (and its memory). */
const embedded = process.env.FANTDU_TEST_DB === 'pglite';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fantdu-template-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(embedded)('the embedded database template', () => {
  it('exists for the installed PGlite (after an upgrade: npm run make:embedded-template)', () => {
    expect(existsSync(templateFile()), `${templateFile().pathname} is missing`).toBe(true);
  });

  it('makes a new folder a database that opens, migrates and stores, without a server pid or leftovers', async () => {
    const dataDir = join(dir, 'new');
    const db = await openDb({ databaseUrl: undefined, dataDir });
    try {
      expect(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
      expect(existsSync(join(dataDir, '.template'))).toBe(false);
      expect((await migrate(db)).length).toBeGreaterThan(0);
      await db('sites').insert({ id: 'demo', name: 'Demo', origins: [] });
      expect(await db('sites').pluck('id')).toEqual(['demo']);
      // The settings that keep its memory small are the ones in force.
      expect((await db.raw('show shared_buffers')).rows[0].shared_buffers).toBe('8MB');
    } finally {
      await db.destroy();
    }
    // Opened again, it is the same database: the template is not laid over it.
    expect(await prepareDataDir(dataDir)).toBe(false);
    const again = await openDb({ databaseUrl: undefined, dataDir });
    try {
      expect(await again('sites').pluck('id')).toEqual(['demo']);
    } finally {
      await again.destroy();
    }
  });

  it('fills a folder again where an earlier start died while unpacking', async () => {
    const dataDir = join(dir, 'halfway');
    mkdirSync(join(dataDir, '.template', 'base'), { recursive: true });
    writeFileSync(join(dataDir, '.template', 'base', 'junk'), 'x');
    mkdirSync(join(dataDir, 'global'));
    expect(await prepareDataDir(dataDir)).toBe(true);
    expect(existsSync(join(dataDir, '.template'))).toBe(false);
    const db = await openDb({ databaseUrl: undefined, dataDir });
    try {
      expect((await db.raw('select 1 as one')).rows[0].one).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
