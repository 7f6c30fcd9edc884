import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db.ts';
import { createLogger } from '../../src/log.ts';
import { ClientKeys } from '../../src/rate-limit/client-keys.ts';
import { SaltStore } from '../../src/rate-limit/salt-store.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const log = createLogger('silent');

describe('rate-limit keys and the salt of the day', () => {
  it('are stable within a day, differ between clients and days, and never show the address', async () => {
    let now = new Date('2026-03-10T08:00:00Z');
    const keys = new ClientKeys(new SaltStore(t.db), () => now, log);
    const a = await keys.keyOf('195.159.103.42');
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // HMAC-SHA256 under the day's salt, its first 18 bytes: the same key whichever release made it (a shared store).
    const salt = await new SaltStore(t.db).saltOf('2026-03-10', now);
    expect(a).toBe(createHmac('sha256', salt).update('195.159.103.42').digest().subarray(0, 18).toString('base64url'));
    expect(await keys.keyOf('195.159.103.42')).toBe(a);
    expect(await keys.keyOf('195.159.103.43')).not.toBe(a);

    // Another instance on the same database makes the same keys the same day.
    const other = new ClientKeys(new SaltStore(t.db), () => now, log);
    expect(await other.keyOf('195.159.103.42')).toBe(a);

    now = new Date('2026-03-11T08:00:00Z');
    expect(await keys.keyOf('195.159.103.42')).not.toBe(a);
  });

  it('gives a client posting again its key at once, the same key after its lookup is forgotten', async () => {
    let now = new Date('2026-03-12T08:00:00Z');
    const keys = new ClientKeys(new SaltStore(t.db), () => now, log);
    const salt = await new SaltStore(t.db).saltOf('2026-03-12', now);
    const hmac = (address: string) =>
      createHmac('sha256', salt).update(address).digest().subarray(0, 18).toString('base64url');
    await keys.keyOf('10.1.0.0');
    // Once the salt is known, no promise: a key made now, or found among those made lately.
    expect(keys.keyOf('10.1.0.1')).toBe(hmac('10.1.0.1'));
    expect(keys.keyOf('10.1.0.1')).toBe(hmac('10.1.0.1'));
    // More clients than the lookup holds, then the first again; and again a minute later.
    for (let n = 0; n < 25_000; n++) keys.keyOf(`10.2.${n >> 8}.${n & 255}`);
    expect(keys.keyOf('10.2.97.4')).toBe(hmac('10.2.97.4'));
    expect(keys.keyOf('10.1.0.1')).toBe(hmac('10.1.0.1'));
    now = new Date('2026-03-12T08:01:01Z');
    expect(keys.keyOf('10.1.0.1')).toBe(hmac('10.1.0.1'));
    expect(keys.keyOf('10.2.0.3')).toBe(hmac('10.2.0.3'));
  });

  it('rotates daily and deletes a salt once it is two days old', async () => {
    let now = new Date('2026-04-01T00:00:01Z');
    const store = new SaltStore(t.db);
    const keys = new ClientKeys(store, () => now, log);
    await keys.keyOf('10.0.0.1');
    now = new Date('2026-04-02T12:00:00Z');
    await keys.keyOf('10.0.0.1');
    expect(await store.days()).toEqual(expect.arrayContaining(['2026-04-01', '2026-04-02']));
    now = new Date('2026-04-03T00:00:01Z');
    await keys.keyOf('10.0.0.1');
    const days = await store.days();
    expect(days).not.toContain('2026-04-01');
    expect(days).toEqual(expect.arrayContaining(['2026-04-02', '2026-04-03']));
    expect(days.every((d) => d >= '2026-04-02')).toBe(true);
  });

  it('keeps working on an in-memory salt while the database is unreachable', async () => {
    const down = createDb({ url: 'postgres://fantdu@127.0.0.1:9/none' });
    const keys = new ClientKeys(new SaltStore(down), () => new Date(), log);
    const a = await keys.keyOf('10.0.0.1');
    expect(await keys.keyOf('10.0.0.1')).toBe(a);
    await down.destroy();
  });
});
