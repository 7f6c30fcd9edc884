import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedbackSeed, seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let fantdu: TestApp;
let token: string;
let otherToken: string;
const now = new Date('2026-11-27T12:00:00Z');
const hour = 3_600_000;
const dayMs = 24 * hour;

/** `yes` and `no` answers on a page, spread evenly from `from` up to (not including) `to`. */
function answers(path: string, counts: { yes: number; no: number }, from: Date, to: Date): FeedbackSeed[] {
  const n = counts.yes + counts.no;
  const step = (to.getTime() - from.getTime()) / n;
  return Array.from({ length: n }, (_, i) => ({
    site: 'kommune',
    path,
    found: i >= counts.no,
    at: new Date(from.getTime() + i * step),
  }));
}

const api = (method: 'get' | 'post' | 'delete', url: string, as = token) =>
  request(fantdu.callback)[method](`/api/v1/sites/kommune${url}`).set('Authorization', `Bearer ${as}`);
const changes = async (query = '') => {
  const res = await api('get', `/changes${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as {
    id: string;
    path: string;
    at: string;
    note: string;
    verdict: string;
    before: { yes: number; no: number; from: string; to: string };
    after: { yes: number; no: number; from: string; to: string };
  }[];
};
const changeAt = async (path: string, at: Date, note = 'Ny tekst') => {
  const res = await api('post', '/changes').send({ path, at: at.toISOString(), note });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};

const fixedAt = new Date(now.getTime() - 14 * dayMs);

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  token = await fantdu.services.tokens.createToken('kommune', 'CMS', 'editor');
  otherToken = await fantdu.services.tokens.createToken('annen', 'CMS', 'editor');
  const before = (days: number) => new Date(fixedAt.getTime() - days * dayMs);
  await seedFeedback(fantdu.stores, [
    // Fixed: 18 of 30 "no" in the 14 days before, 6 of 40 after; and answers older than the window, not counted.
    ...answers('/bygg', { yes: 12, no: 18 }, before(14), fixedAt),
    ...answers('/bygg', { yes: 34, no: 6 }, fixedAt, now),
    ...answers('/bygg', { yes: 0, no: 50 }, before(40), before(20)),
    // Worse: 5 of 40 "no" before, 25 of 40 after.
    ...answers('/skole', { yes: 35, no: 5 }, before(14), fixedAt),
    ...answers('/skole', { yes: 15, no: 25 }, fixedAt, now),
    // Unclear: the same share on both sides.
    ...answers('/vann', { yes: 20, no: 20 }, before(14), fixedAt),
    ...answers('/vann', { yes: 21, no: 19 }, fixedAt, now),
    // Too early: a change an hour ago with 5 answers since.
    ...answers('/ny', { yes: 40, no: 40 }, before(14), new Date(now.getTime() - hour)),
    ...answers('/ny', { yes: 5, no: 0 }, new Date(now.getTime() - hour), now),
    { site: 'annen', path: '/bygg', found: false, at: now },
  ]);
});
afterAll(async () => {
  await fantdu?.close();
  await t?.drop();
});

describe('page changes', () => {
  it('judges a change by equal windows before and after it', async () => {
    await changeAt('/bygg', fixedAt, 'Skjemaet flyttet øverst');
    await changeAt('/skole', fixedAt);
    await changeAt('/vann', fixedAt);
    await changeAt('/ny', new Date(now.getTime() - hour));
    const byPath = Object.fromEntries((await changes()).map((c) => [c.path, c]));
    expect(byPath['/bygg']).toMatchObject({
      note: 'Skjemaet flyttet øverst',
      at: fixedAt.toISOString(),
      verdict: 'better',
      before: {
        yes: 12,
        no: 18,
        from: new Date(fixedAt.getTime() - 14 * dayMs).toISOString(),
        to: fixedAt.toISOString(),
      },
      after: { yes: 34, no: 6, from: fixedAt.toISOString(), to: now.toISOString() },
    });
    expect(byPath['/skole']).toMatchObject({
      verdict: 'worse',
      before: { yes: 35, no: 5 },
      after: { yes: 15, no: 25 },
    });
    expect(byPath['/vann']?.verdict).toBe('unclear');
    expect(byPath['/ny']).toMatchObject({ verdict: 'too-early', after: { yes: 5, no: 0 } });
    // The window before is as long as the one after: an hour.
    expect(byPath['/ny']?.before.from).toBe(new Date(now.getTime() - 2 * hour).toISOString());
  });

  it('lists one page with path, newest first, and a limit', async () => {
    const bygg = await changes('?path=/bygg');
    expect(bygg.map((c) => c.path)).toEqual(['/bygg']);
    const all = await changes();
    expect(all[0]?.path).toBe('/ny');
    expect(await changes('?limit=2')).toHaveLength(2);
  });

  it("marks the page's changes in its summary, those of the range only", async () => {
    const res = await api('get', '/pages/summary?path=/bygg&from=2026-11-01&to=2026-11-27');
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual([
      { id: expect.any(String), path: '/bygg', at: fixedAt.toISOString(), note: 'Skjemaet flyttet øverst' },
    ]);
    const before = await api('get', '/pages/summary?path=/bygg&from=2026-10-01&to=2026-11-12');
    expect(before.body.changes).toEqual([]);
  });

  it('takes the path as the intake makes it, and at as now by default', async () => {
    const res = await api('post', '/changes').send({ path: '/bygg//index.html?fnr=1#top', note: 'Publisert' });
    expect(res.status).toBe(201);
    const made = (await changes('?path=/bygg/')).find((c) => c.id === res.body.id);
    expect(made).toMatchObject({ path: '/bygg/', at: now.toISOString(), verdict: 'too-early' });
    // Without a note too, as a CMS may call it on publish.
    expect((await api('post', '/changes').send({ path: '/bygg/' })).status).toBe(201);
  });

  it('leaves spam out of the windows', async () => {
    const [spam] = await t.db('feedback').where({ path: '/skole', found: false }).where('created_at', '>=', fixedAt);
    await api('get', '/changes').expect(200);
    await request(fantdu.callback)
      .patch(`/api/v1/sites/kommune/feedback/${spam.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ status: 'spam' })
      .expect(200);
    expect((await changes('?path=/skole'))[0]?.after).toMatchObject({ yes: 15, no: 24 });
  });

  it('refuses what cannot be a change, and changes nothing', async () => {
    const count = async () => Number((await t.db('page_changes').count({ n: '*' }))[0]?.n);
    const before = await count();
    const bad: [unknown, string][] = [
      [{}, 'path'],
      [{ path: 'bygg' }, 'path'],
      [{ path: 'https://evil.example/x' }, 'path'],
      [{ path: `/${'x'.repeat(2048)}` }, 'path'],
      [{ path: '/bygg', at: 'i går' }, 'at'],
      [{ path: '/bygg', at: '2026-11-27' }, 'at'],
      [{ path: '/bygg', at: '1999-12-31T23:00:00Z' }, 'at'],
      [{ path: '/bygg', at: '9999-12-31T00:00:00Z' }, 'at'],
      [{ path: '/bygg', at: '2026-11-29T12:00:00Z' }, 'at'],
      [{ path: '/bygg', note: 'x'.repeat(501) }, 'note'],
      [{ path: '/bygg', note: 42 }, 'note'],
      [{ path: ['/bygg'] }, 'path'],
    ];
    for (const [body, field] of bad) {
      const res = await api('post', '/changes').send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await api('get', '/changes?limit=0')).status).toBe(400);
    expect((await api('get', '/changes?limit=100000')).status).toBe(400);
    expect((await api('get', '/changes?path=bygg')).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('keeps each site to its own changes', async () => {
    const id = await changeAt('/bygg', fixedAt);
    expect((await request(fantdu.callback).get('/api/v1/sites/kommune/changes')).status).toBe(401);
    expect((await api('get', '/changes', otherToken)).status).toBe(404);
    expect((await api('post', '/changes', otherToken).send({ path: '/bygg' })).status).toBe(404);
    expect((await api('delete', `/changes/${id}`, otherToken)).status).toBe(404);
    const theirs = await request(fantdu.callback)
      .delete(`/api/v1/sites/annen/changes/${id}`)
      .set('Authorization', `Bearer ${otherToken}`);
    expect(theirs.status).toBe(404);
    // The other site's answers on a page of the same path are not counted.
    expect((await changes('?path=/bygg')).find((c) => c.id === id)?.after).toMatchObject({ yes: 34, no: 6 });
  });

  it('deletes a change, audited, and 404 for what is not there', async () => {
    const id = await changeAt('/vann', fixedAt, 'Feil lagt inn');
    expect((await api('delete', `/changes/${id}`)).status).toBe(204);
    expect((await api('delete', `/changes/${id}`)).status).toBe(404);
    expect((await api('delete', '/changes/not-a-uuid')).status).toBe(404);
    expect((await changes()).some((c) => c.id === id)).toBe(false);
    const actions = await t.db('audit_log').where({ site_id: 'kommune', target: id }).pluck('action');
    expect(actions.sort()).toEqual(['change.create', 'change.delete']);
  });
});
