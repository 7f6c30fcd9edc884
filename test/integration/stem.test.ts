import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stem } from '../../src/terms/stem.ts';
import { termStem } from '../../src/terms/terms.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

/** Every word of the test corpora and the name lists: some 9 000 words of bokmål, nynorsk and English. */
function words(): string[] {
  const files = [
    'test/unit/corpus/people-and-places.txt',
    'test/unit/corpus/people-and-places-holdout.txt',
    'src/privacy/names/not-names.txt',
    'src/privacy/names/given-names.txt',
    'src/privacy/names/surnames.txt',
  ];
  const text = files.map((f) => readFileSync(f, 'utf8')).join(' ');
  const inflected = ['åpningstid', 'skjema', 'barnehage', 'søknad', 'vei', 'skole', 'lege', 'time'].flatMap((w) =>
    ['', 'a', 'e', 'en', 'er', 'ene', 'et', 'ane', 'ar', 'ers', 'ets', 'heten', 'lig', 'elig', 'leg', 'slov'].map(
      (end) => w + end,
    ),
  );
  return [...new Set([...(text.toLowerCase().match(/[a-zæøå]+/g) ?? []), ...inflected])];
}

describe('the stemmer in Node', () => {
  it("gives the stems of the database's own norwegian_stem, word for word", async () => {
    const all = words();
    expect(all.length).toBeGreaterThan(5000);
    const { rows } = await t.db.raw(
      `select w, (ts_lexize('norwegian_stem', w))[1] as stem from unnest(?::text[]) as w`,
      [all],
    );
    const differ = (rows as { w: string; stem: string | null }[])
      .filter((r) => r.stem !== null && r.stem !== stem(r.w))
      .map((r) => `${r.w}: ${r.stem} / ${stem(r.w)}`);
    expect(differ).toEqual([]);
  });

  it('joins the inflections of a word, bokmål and nynorsk', () => {
    const forms = ['åpningstid', 'åpningstiden', 'åpningstider', 'åpningstidene', 'åpningstida'];
    expect(new Set(forms.map(stem))).toEqual(new Set(['åpningstid']));
    // Snowball leaves the "a" of skjemaet, skjemaer and skjemaene but not of skjema; terms take it off.
    expect(['skjema', 'skjemaet', 'skjemaer', 'skjemaene'].map(stem)).toEqual(['skjem', 'skjema', 'skjema', 'skjema']);
    expect(new Set(['skjema', 'skjemaet', 'skjemaer', 'skjemaene', 'tema', 'temaet'].map(termStem))).toEqual(
      new Set(['skjem', 'tem']),
    );
    expect(termStem('åpningstida')).toBe('åpningstid');
  });
});
