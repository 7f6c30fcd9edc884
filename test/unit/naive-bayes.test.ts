import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { termsOf } from '../../src/terms/terms.ts';
import { features, learnTheme, minPositives, score } from '../../src/themes/naive-bayes.ts';
import { snowClearing } from '../helpers/snow-clearing.ts';

/** Some 800 citizens' comments about everything a municipality does (brøyting and parking among them): a site. */
const site = readFileSync('src/themes/background.txt', 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => features(termsOf(line).terms));

const terms = (comments: string[]) => comments.map((c) => features(termsOf(c).terms));

const snow = terms(snowClearing.chosen);
const similar = terms(snowClearing.similar);
const unrelated = terms(snowClearing.unrelated);

/** Parking: many of the site's comments are about it, so that its words weigh less. */
const parking = terms([
  'Parkeringsautomaten tar ikke kort',
  'Bot for parkering selv om jeg betalte',
  'Hvor kan jeg parkere ved rådhuset?',
  'For få parkeringsplasser ved legekontoret',
  'Appen for parkering virker ikke',
  'Parkeringsavgiften er alt for høy',
  'Kan jeg søke om parkeringstillatelse for beboere?',
  'Biler parkerer på fortauet hele dagen',
]);
const parkingSimilar = terms([
  'Hvor mye koster det å parkere i sentrum?',
  'Fikk parkeringsbot på feil grunnlag',
  'Trenger beboerparkering i gata vår',
  'Parkeringshuset er stengt',
]);

describe('a theme learnt from the comments editors put in it', () => {
  it(`needs ${minPositives} of them`, () => {
    expect(learnTheme({ chosen: snow.slice(0, minPositives - 1), rejected: [], rest: site })).toBeUndefined();
  });

  it.each([
    ['brøyting', snow, similar],
    ['parking', parking, parkingSimilar],
  ])('%s: suggests similar comments and not unrelated ones, above a threshold measured held out', (_, chosen, like) => {
    const model = learnTheme({ chosen, rejected: [], rest: site });
    expect(model).toBeDefined();
    if (!model) return;
    expect(model.recall).toBeGreaterThanOrEqual(0.5);
    const suggested = (docs: string[][]) => docs.filter((d) => score(model, d) > model.threshold).length;
    expect(suggested(like)).toBeGreaterThanOrEqual(3);
    expect(suggested(unrelated)).toBeLessThanOrEqual(1);
    // Of the site's other comments at most a tenth (brøyting and parking are some 3 and 7 per cent of them).
    expect(suggested(site) / site.length).toBeLessThanOrEqual(0.1);
  });

  it('keeps out what editors kept out of the theme, once they have kept out ten or more', () => {
    const keptOut = [...similar, ...similar, ...similar];
    const model = learnTheme({ chosen: snow, rejected: keptOut, rest: site });
    const suggested = model ? similar.filter((d) => score(model, d) > model.threshold).length : 0;
    expect(suggested).toBeLessThanOrEqual(similar.length * 0.05);
  });

  it('is not learnt when the editors’ comments have nothing in common', () => {
    const mixed = terms([
      'Parkeringsavgiften er for høy',
      'Hvor er legevakten?',
      'Biblioteket har gode lydbøker',
      'Kulturhuset trenger nye stoler',
      'Renovasjonen tok ikke søpla',
      'Svømmehallen er kald',
      'Kommunestyret møtes i kveld',
      'Bussen var sen i dag',
    ]);
    expect(learnTheme({ chosen: mixed, rejected: [], rest: site })).toBeUndefined();
  });
});
