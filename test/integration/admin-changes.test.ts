import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, signIn, textOf } from '../helpers/admin-client.ts';
import { type FeedbackSeed, seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const publicUrl = 'https://feedback.kommune.no';
const now = new Date('2026-11-27T12:00:00Z');
const dayMs = 86_400_000;
const daysAgo = (n: number) => new Date(now.getTime() - n * dayMs);
let t: TestDb;
let fantdu: TestApp;
let cookie: string;

const app = () => request(fantdu.callback);
let get: Awaited<ReturnType<typeof signIn>>['get'];
let post: Awaited<ReturnType<typeof signIn>>['post'];

/** `yes` and `no` answers on a page, one a day in turn over the days `from` to `to` days ago. */
function answers(path: string, counts: { yes: number; no: number }, from: number, to: number): FeedbackSeed[] {
  return Array.from({ length: counts.yes + counts.no }, (_, i) => ({
    site: 'kommune',
    path,
    found: i >= counts.no,
    at: daysAgo(from - (i % (from - to + 1)) + 0.01),
  }));
}

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now, env: { FANTDU_PUBLIC_URL: publicUrl } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  const { password } = await fantdu.services.users.addUser('red@kommune.no', 'kommune', 'editor');
  ({ get, post, cookie } = await signIn(fantdu, publicUrl, 'red@kommune.no', password));
  await seedFeedback(fantdu.stores, [
    // Before 14.11.: 60 % "no"; since: 15 %.
    ...answers('/bygg', { yes: 8, no: 12 }, 26, 14),
    ...answers('/bygg', { yes: 34, no: 6 }, 13, 0),
    // A spike on /skole this week.
    ...answers('/skole', { yes: 80, no: 20 }, 34, 7),
    ...answers('/skole', { yes: 6, no: 14 }, 6, 0),
  ]);
});
afterAll(async () => {
  await fantdu?.close();
  await t?.drop();
});

describe('changes and alerts in /admin', () => {
  it('an editor notes a change on the page report and sees its verdict in words and on the trend', async () => {
    const page = await get('/admin/sites/kommune/page?path=/bygg&period=30');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Ingen endringer er notert.');
    const res = await post('/admin/sites/kommune/changes', {
      _csrf: csrfOf(page.text),
      path: '/bygg',
      day: '2026-11-14',
      note: 'Skjemaet flyttet øverst',
      back: '/admin/sites/kommune/page?path=%2Fbygg&period=30',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/sites/kommune/page?path=%2Fbygg&period=30&notice=endring#changes');
    const after = await get(res.headers.location as string);
    const text = textOf(after.text);
    expect(text).toContain('Endringen er notert.');
    expect(text).toContain('Andelen nei falt fra 60 % til 15 % etter endringen 14.11.: bedre.');
    expect(text).toContain('14.11.2026: Skjemaet flyttet øverst');
    expect(after.text).toContain('<line class="change"');
    expect(text).toContain('Endringer: 14.11.2026 (Skjemaet flyttet øverst).');
    // Noted at the start of that Oslo day.
    const [stored] = await t.db('page_changes').where({ site_id: 'kommune', path: '/bygg' });
    expect(new Date(stored.at).toISOString()).toBe('2026-11-13T23:00:00.000Z');
  });

  it('a change noted today is too early to judge, and can be removed', async () => {
    const page = await get('/admin/sites/kommune/page?path=/skole&period=30');
    const csrf = csrfOf(page.text);
    const back = '/admin/sites/kommune/page?path=%2Fskole';
    expect(
      (await post('/admin/sites/kommune/changes', { _csrf: csrf, path: '/skole', day: '2026-11-27', back })).status,
    ).toBe(303);
    const shown = await get(back);
    expect(textOf(shown.text)).toContain('For tidlig å si: 0 svar etter endringen 27.11.; det trengs minst 20.');
    const [change] = await t.db('page_changes').where({ site_id: 'kommune', path: '/skole' });
    expect(new Date(change.at).toISOString()).toBe(now.toISOString());
    const removed = await post(`/admin/sites/kommune/changes/${change.id}/delete`, { _csrf: csrf, back });
    expect(removed.status).toBe(303);
    expect(await t.db('page_changes').where({ id: change.id })).toEqual([]);
  });

  it('refuses a change without the form token, from another origin, in the future, or for another site', async () => {
    const page = await get('/admin/sites/kommune/page?path=/bygg');
    const csrf = csrfOf(page.text);
    const count = async () => Number((await t.db('page_changes').count({ n: '*' }))[0]?.n);
    const before = await count();
    expect((await post('/admin/sites/kommune/changes', { path: '/bygg', day: '2026-11-20' })).status).toBe(403);
    const foreign = await app()
      .post('/admin/sites/kommune/changes')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: csrf, path: '/bygg', day: '2026-11-20' });
    expect(foreign.status).toBe(403);
    for (const form of <Record<string, string>[]>[
      { day: '2026-11-29', path: '/bygg' },
      { day: '1999-01-01', path: '/bygg' },
      { day: 'i går', path: '/bygg' },
      { day: '2026-11-20', path: 'bygg' },
      { day: '2026-11-20', path: '/bygg', note: 'x'.repeat(501) },
    ]) {
      const res = await post('/admin/sites/kommune/changes', { _csrf: csrf, ...form });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(res.type).toBe('text/html');
    }
    expect((await post('/admin/sites/annen/changes', { _csrf: csrf, path: '/bygg', day: '2026-11-20' })).status).toBe(
      404,
    );
    expect(await count()).toBe(before);
  });

  it('goes back only to a page of /admin, however the address is spelled', async () => {
    const page = await get('/admin/sites/kommune/page?path=/vann');
    for (const back of [
      '/admin/sites/kommune/../../..//evil.example/x',
      '/admin/sites/kommune/%2e%2e/%2e%2e//evil.example',
    ]) {
      const res = await post('/admin/sites/kommune/changes', {
        _csrf: csrfOf(page.text),
        path: '/vann',
        day: '2026-11-20',
        back,
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/sites/kommune?notice=endring#changes');
    }
    expect(textOf((await get('/admin/sites/kommune?notice=constructor')).text)).not.toContain('native code');
  });

  it('the site report shows the pages that alert this week', async () => {
    const text = textOf((await get('/admin/sites/kommune')).text);
    expect(text).toContain('Varsler');
    expect(text).toMatch(/\/skole ?: 70 % nei siste 7 dager \(14 av 20\), mot 20 % de 28 dagene før\./);
    expect(text).not.toMatch(/\/bygg: \d+ % nei siste/);
  });
});
