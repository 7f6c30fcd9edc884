import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const origin = 'https://www.kommune.no';

/** Personal data citizens type, and the addresses they come from: none of it may be found at rest or in a log. */
const personal = [
  '02013299997',
  '010190 12345',
  '55102499947',
  '912 34 567',
  '+47 22 33 44 55',
  'ola.nordmann@example.no',
  '1234.56.78903',
  'kari (at) epost.no',
];
const addresses = ['195.159.103.42', '2001:db8:abcd:12:3456:789a:bcde:f012', '::ffff:84.208.20.110'];
const secretsInUrl = ['fnr=02013299997', 'token=hemmelig-verdi', 'epost=ola.nordmann'];

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

/** Every row of every table, as text. */
async function everythingStored(): Promise<string> {
  const tables = await t.db('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
  const dumps = await Promise.all(tables.map(async (table: string) => JSON.stringify(await t.db(table).select())));
  return dumps.join('\n');
}

describe.each(['drop', 'truncate'] as const)('FANTDU_IP_MODE=%s', (mode) => {
  let fantdu: TestApp;

  beforeAll(async () => {
    const store: Record<string, string> = t.url ? { FANTDU_RATE_LIMIT_STORE: 'postgres', DATABASE_URL: t.url } : {};
    fantdu = createTestApp(t.db, {
      env: { FANTDU_IP_MODE: mode, FANTDU_TRUST_PROXY: '1', FANTDU_RATE_LIMIT: '10000/60', ...store },
    });
    await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  });
  afterAll(() => fantdu.close());

  it('keeps no raw address, query string or personal data in any table or log line', async () => {
    for (const [i, address] of addresses.entries()) {
      for (const [j, typed] of personal.entries()) {
        const id = randomUUID();
        const url = `${origin}/side-${mode}-${i}-${j}?${secretsInUrl.join('&')}#${secretsInUrl[0]}`;
        const vote = await request(fantdu.callback)
          .post('/api/v1/feedback')
          .set('X-Forwarded-For', address)
          .set('Origin', origin)
          .send({ id, site: 'kommune', url, found: false });
        expect(vote.status).toBe(201);
        const comment = await request(fantdu.callback)
          .post('/api/v1/feedback')
          .set('X-Forwarded-For', address)
          .type('form')
          .send({ id, site: 'kommune', url, found: 'nei', comment: `Jeg (${typed}) fant ikke skjemaet ${i}${j}` });
        expect(comment.status).toBe(200);
        expect(comment.text).not.toContain(typed);
      }
      // A post that is refused must not leak either.
      const bad = await request(fantdu.callback)
        .post('/api/v1/feedback')
        .set('X-Forwarded-For', address)
        .send({ site: 'kommune', url: 'nope', found: 1, comment: personal[0] });
      expect(bad.status).toBe(400);
      expect(bad.text).not.toContain(personal[0]);
    }

    const stored = await everythingStored();
    const logged = fantdu.log.text;
    const metrics = (await request(fantdu.callback).get('/metrics')).text;
    for (const place of [stored, logged, metrics]) {
      for (const typed of personal) expect(place).not.toContain(typed);
      for (const secret of secretsInUrl) expect(place).not.toContain(secret);
      for (const address of addresses) expect(place).not.toContain(address);
      expect(place).not.toContain('84.208.20.110');
      expect(place).not.toContain('2001:db8:abcd:12');
    }

    const kept = await t
      .db('feedback')
      .where('path', 'like', `/side-${mode}-%`)
      .select('client_address', 'path', 'comment');
    expect(kept).toHaveLength(addresses.length * personal.length);
    const keptAddresses = new Set(kept.map((r: { client_address: string | null }) => r.client_address));
    expect(keptAddresses).toEqual(
      mode === 'drop' ? new Set([null]) : new Set(['195.159.103.0', '2001:db8:abcd::', '84.208.20.0']),
    );
    for (const r of kept) expect(r.path).toMatch(/^\/side-\w+-\d-\d$/);
  });
});
