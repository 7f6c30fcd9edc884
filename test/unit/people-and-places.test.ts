import { fakerNB_NO as faker } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cueWords } from '../../src/privacy/detectors/names.ts';
import { ambiguousGivenNames, givenNames, surnames } from '../../src/privacy/detectors/words.ts';
import { scrub } from '../../src/privacy/scrub.ts';

/** Names, streets and places from @faker-js/faker's nb_NO locale, chosen by fast-check's seed (so runs repeat). */
const faked = <T>(make: () => T) =>
  fc.integer().map((seed) => {
    faker.seed(seed);
    return make();
  });

/** Ordinary words around what is planted: lower case, and none of them a name, a cue or a street word. */
const ordinary = fc
  .array(
    fc.oneof(
      fc
        .stringMatching(/^[a-zæøå]{2,10}$/)
        .filter(
          (w) =>
            !givenNames.has(w) &&
            !ambiguousGivenNames.has(w) &&
            !surnames.has(w) &&
            !cueWords.has(w) &&
            !/(?:gate|gata|vei|veien|veg|vegen|plass|bakken|lia|torget|postboks)$/.test(w),
        ),
      fc.constantFrom('og', 'men', 'på', 'i', 'at', 'det', 'ikke', 'skjemaet', 'siden', 'lenken'),
    ),
    { maxLength: 10 },
  )
  .map((words) => words.join(' '));

const fullName = faked(() => `${faker.person.firstName()} ${faker.person.lastName()}`);
const cue = fc.constantFrom(
  'Hilsen',
  'Mvh',
  'jeg heter',
  'Vennlig hilsen',
  'eg heiter',
  'sønnen min',
  'dattera mi',
  'kona mi',
);

describe('names, addresses and plates, planted in ordinary words', () => {
  it('a full name after a cue goes, both its parts, as [navn]', () => {
    fc.assert(
      fc.property(ordinary, cue, fullName, ordinary, (before, said, name, after) => {
        const out = scrub(`${before} ${said} ${name}. ${after}`).text;
        for (const part of name.split(' '))
          expect(out).not.toMatch(new RegExp(`(?<![\\p{L}])${part}(?![\\p{L}])`, 'u'));
        expect(out).toContain(`${said} [navn]`);
      }),
      { numRuns: 500 },
    );
  });

  it('a given name common in Norway with a surname goes anywhere in a sentence, without a cue', () => {
    const common = fullName.filter((name) => givenNames.has((name.split(' ')[0] as string).toLowerCase()));
    fc.assert(
      fc.property(ordinary, common, ordinary, (before, name, after) => {
        const out = scrub(`${before} ${name} ${after}`).text;
        expect(out).toBe(`${before} [navn] ${after}`);
      }),
      { numRuns: 500 },
    );
  });

  it('a street address goes with its number, letter, postcode and place, as [adresse]', () => {
    const address = faked(() => {
      const letter = faker.helpers.maybe(() => faker.helpers.arrayElement(['A', 'B', 'C']), { probability: 0.3 }) ?? '';
      const place =
        faker.helpers.maybe(() => `, ${faker.location.zipCode()} ${faker.location.city()}`, { probability: 0.5 }) ?? '';
      return `${faker.location.street()} ${faker.location.buildingNumber()}${letter}${place}`;
    });
    fc.assert(
      fc.property(ordinary, address, ordinary, (before, typed, after) => {
        expect(scrub(`${before} bor i ${typed} ${after}`).text).toBe(`${before} bor i [adresse] ${after}`);
      }),
      { numRuns: 500 },
    );
  });

  it('a street without a number stays, and so does a postcode and place alone', () => {
    const street = faked(() => faker.location.street());
    const place = faked(() => `${faker.location.zipCode()} ${faker.location.city()}`);
    fc.assert(
      fc.property(ordinary, street, place, (before, name, postal) => {
        const text = `${before} ${name} er stengt, skriv til ${postal}`;
        expect(scrub(text).text).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('a registration goes in each of its forms, as [bilnummer]', () => {
    const plate = fc
      .tuple(fc.stringMatching(/^[A-HJ-NP-Z]{2}$/), fc.constantFrom(' ', '', '-'), fc.stringMatching(/^[1-9]\d{3,4}$/))
      .filter(([letters]) => !['EU', 'ID', 'NR', 'TV', 'PC', 'OK', 'KL', 'NS', 'NO'].includes(letters))
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(ordinary, plate, ordinary, (before, typed, after) => {
        expect(scrub(`${before} bilen ${typed} ${after}`).text).toBe(`${before} bilen [bilnummer] ${after}`);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on comments full of people and places', () => {
    const piece = fc.oneof(
      ordinary,
      fullName,
      cue,
      faked(() => `${faker.location.street()} ${faker.location.buildingNumber()}`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const once = scrub(pieces.join(' ')).text;
        expect(scrub(once)).toEqual({ text: once, redactions: [], removals: {} });
      }),
      { numRuns: 500 },
    );
  });
});
