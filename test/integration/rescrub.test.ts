import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let fantdu: TestApp;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db);
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

const commentOf = async (id: string) => t.db('feedback').where({ id }).first('comment', 'redactions');

describe('rescrub', () => {
  it('takes names, addresses and plates out of comments an older scrubber stored, and says what it did', async () => {
    const at = new Date('2026-05-01T10:00:00Z');
    const [old, mixed, clean, other] = await seedFeedback(fantdu.stores, [
      {
        site: 'kommune',
        path: '/a',
        found: false,
        at,
        unscrubbed: true,
        comment: 'Fant ikke skjemaet. Mvh Kari Nordmann, Storgata 5',
      },
      {
        site: 'kommune',
        path: '/a',
        found: false,
        at,
        unscrubbed: true,
        comment: 'Bilen AB 12345 ble tauet, ring [telefon]',
      },
      {
        site: 'kommune',
        path: '/b',
        found: true,
        at,
        unscrubbed: true,
        comment: 'Fint at biblioteket har åpent på søndag',
      },
      { site: 'annen', path: '/c', found: false, at, unscrubbed: true, comment: 'Hilsen Ola Hansen' },
    ]);
    await t
      .db('feedback')
      .where({ id: mixed })
      .update({ redactions: ['telefon'] });

    const result = await fantdu.services.rescrub.rescrub('test', 'kommune');
    expect(result).toEqual({
      read: 3,
      changed: { kommune: 2 },
      removals: { navn: 1, adresse: 1, bilnummer: 1 },
      termsRenewed: 0,
    });
    expect(await commentOf(old as string)).toEqual({
      comment: 'Fant ikke skjemaet. Mvh [navn], [adresse]',
      redactions: ['navn', 'adresse'],
    });
    expect(await commentOf(mixed as string)).toEqual({
      comment: 'Bilen [bilnummer] ble tauet, ring [telefon]',
      redactions: ['telefon', 'bilnummer'],
    });
    expect(await commentOf(clean as string)).toEqual({
      comment: 'Fint at biblioteket har åpent på søndag',
      redactions: [],
    });
    // Another site is left alone when one is named.
    expect((await commentOf(other as string))?.comment).toBe('Hilsen Ola Hansen');

    const audit = await t.db('audit_log').where({ action: 'comments.rescrub' }).select('site_id', 'actor', 'details');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ site_id: 'kommune', actor: 'test' });
    expect(JSON.stringify(audit)).not.toMatch(/Kari|Storgata|AB 12345/);
  });

  it('changes nothing when run again, and takes every site when none is named', async () => {
    expect(await fantdu.services.rescrub.rescrub('test', 'kommune')).toEqual({
      read: 3,
      changed: {},
      removals: {},
      termsRenewed: 0,
    });
    const everywhere = await fantdu.services.rescrub.rescrub('test');
    expect(everywhere).toEqual({ read: 4, changed: { annen: 1 }, removals: { navn: 1 }, termsRenewed: 0 });
    expect(await fantdu.services.rescrub.rescrub('test')).toMatchObject({ changed: {}, removals: {} });
  });

  it('leaves a comment erased or deleted meanwhile as it is', async () => {
    const [erased] = await seedFeedback(fantdu.stores, [
      { site: 'kommune', path: '/d', found: false, at: new Date(), unscrubbed: true, comment: 'Hilsen Per Olsen' },
    ]);
    const [stored] = await fantdu.stores.comments
      .commentsAfter(undefined, 1000, 'kommune')
      .then((all) => all.filter((c) => c.id === erased));
    await t.db('feedback').where({ id: erased }).update({ comment: null, redactions: [] });
    expect(await fantdu.stores.comments.replaceComment(stored!, 'Hilsen [navn]', ['navn'])).toBe(false);
    expect(await commentOf(erased as string)).toEqual({ comment: null, redactions: [] });
  });

  it('makes the terms again of comments whose terms are missing or out of date, and counts them', async () => {
    const [stale] = await seedFeedback(fantdu.stores, [
      { site: 'kommune', path: '/e', found: false, at: new Date(), comment: 'Åpningstidene for svømmehallen' },
    ]);
    await t.db('feedback').where({ id: stale }).update({ terms: null, forms: null, stems: null });
    expect(await fantdu.services.rescrub.rescrub('test', 'kommune')).toMatchObject({ changed: {}, termsRenewed: 1 });
    expect(await t.db('feedback').where({ id: stale }).first('terms')).toEqual({
      terms: ['åpningstid', 'svømmehall'], // 'for' is a stop word, so no phrase
    });
    expect(await fantdu.services.rescrub.rescrub('test', 'kommune')).toMatchObject({ termsRenewed: 0 });
    // Terms made under other word lists (the stems the same): made again too.
    await t
      .db('feedback')
      .where({ id: stale })
      .update({ terms: ['åpningstidene'], forms: ['åpningstidene'] });
    expect(await fantdu.services.rescrub.rescrub('test', 'kommune')).toMatchObject({ termsRenewed: 1 });
  });
});
