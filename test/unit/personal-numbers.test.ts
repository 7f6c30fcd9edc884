import { idnr } from '@navikt/fnrvalidator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAccountNumber, isFodselsnummer } from '../../src/privacy/personal-numbers.ts';

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const mod11 = (n: number): number => ((n % 11) + 11) % 11;
const sum = (digits: string, weights: number[]): number => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);

/**
 * Nine digits plus the check digits Skatteetaten's rules give: K1 with `(Σw1·d + k1) % 11 == remainder`
 * (0 is the old rule, 1-3 only the 2032 rule), K2 as always. Undefined when a check digit would be 10.
 */
function withChecksums(nine: string, remainder = 0): string | undefined {
  const k1 = mod11(remainder - sum(nine, K1_WEIGHTS));
  if (k1 === 10) return undefined;
  const k2 = mod11(-sum(`${nine}${k1}`, K2_WEIGHTS));
  return k2 === 10 ? undefined : `${nine}${k1}${k2}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

describe('isFodselsnummer', () => {
  it.each([
    ['02013299997', 'fødselsnummer'],
    ['30108299920', 'fødselsnummer'],
    ['30108299939', 'fødselsnummer, K1 valid by the 2032 rule only'],
    ['55102499947', 'D-nummer'],
    ['30908299902', 'fødselsnummer'],
    ['01819012365', 'Tenor synthetic'],
    ['53097248016', 'D-nummer'],
    ['13527248013', 'H-nummer'],
    ['68467038838', 'D + H'],
    ['50846202355', 'D + Tenor'],
    ['29020075838', '29 February 2000'],
    ['81234567802', 'FH-nummer'],
  ])('public vector %s (%s) is valid', (digits) => {
    expect(isFodselsnummer(digits)).toBe(true);
  });

  it.each(['20036914712', '29020105729'])('public vector %s is invalid', (digits) => {
    expect(isFodselsnummer(digits)).toBe(false);
  });

  it.each([
    ['old rule', '150575', 0, true],
    ['D-nummer, day 41', '410190', 0, true],
    ['D-nummer, day 71 (31 + 40)', '710190', 0, true],
    ['D-nummer, day 72', '720190', 0, false],
    ['H-nummer, month 41', '014190', 0, true],
    ['H-nummer, month 52', '015290', 0, true],
    ['H-nummer, month 53', '015390', 0, false],
    ['Tenor, month 81', '018190', 0, true],
    ['Tenor, month 92', '019290', 0, true],
    ['Tenor, month 93', '019390', 0, false],
    ['D + H', '454590', 0, true],
    ['D + Tenor', '458590', 0, true],
    ['month 00', '010090', 0, false],
    ['month 13', '011390', 0, false],
    ['month 20-39 is no scheme', '012590', 0, false],
    ['month 60-79 is no scheme', '016590', 0, false],
    ['day 00', '000190', 0, false],
    ['day 32', '320190', 0, false],
    ['31 April', '310490', 0, false],
    ['30 April', '300490', 0, true],
    ['29 February, yy 00', '290200', 0, true],
    ['29 February, yy 04', '290204', 0, true],
    ['29 February, yy 96', '290296', 0, true],
    ['29 February, yy 01', '290201', 0, false],
    ['29 February, yy 99', '290299', 0, false],
    ['D-nummer on 29 February, yy 32', '690232', 0, true],
    ['D-nummer on 29 February, yy 33', '690233', 0, false],
    ['2032 rule, remainder 1', '020132', 1, true],
    ['2032 rule, remainder 2', '020132', 2, true],
    ['2032 rule, remainder 3', '020132', 3, true],
    ['no century check: 31.12.99 under the 2032 rule', '311299', 3, true],
    ['FH-nummer, first digit 8, no date', '899999', 0, true],
    ['FH-nummer, first digit 9, no date', '900000', 0, true],
  ] as const)('%s: %s…', (_, ddmmyy, remainder, expected) => {
    let tried = 0;
    for (let i = 0; i < 1000; i++) {
      const number = withChecksums(`${ddmmyy}${String(i).padStart(3, '0')}`, remainder);
      if (!number) continue;
      expect(isFodselsnummer(number), number).toBe(expected);
      if (++tried === 20) break;
    }
    expect(tried).toBe(20);
  });

  it('rejects a K1 whose remainder is 4 or more, even with a matching K2', () => {
    for (let remainder = 4; remainder <= 10; remainder++) {
      const number = withChecksums('020132999', remainder);
      if (number) expect(isFodselsnummer(number), number).toBe(false);
    }
  });

  it.each([
    '',
    '0201329999',
    '020132999970',
    '0201329999a',
    ' 02013299997',
    '02013299997 ',
    '02013 299997',
    '٠٢٠١٣٢٩٩٩٩٧',
    '０２０１３２９９９９７',
  ])('only 11 ASCII digits: %j', (input) => {
    expect(isFodselsnummer(input)).toBe(false);
  });

  it('catches every single-digit change of a valid number', () => {
    for (const valid of ['02013299997', '55102499947', '13527248013', '50846202355', '81234567802', '30108299939']) {
      for (let position = 0; position < 11; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          const changed = `${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`;
          if (changed !== valid) expect(isFodselsnummer(changed), changed).toBe(false);
        }
      }
    }
  });

  describe('against @navikt/fnrvalidator as an oracle', () => {
    const birthDate = fc.record({
      day: fc.integer({ min: 0, max: 32 }),
      month: fc.integer({ min: 0, max: 13 }),
      yy: fc.integer({ min: 0, max: 99 }),
      individual: fc.integer({ min: 0, max: 999 }),
      dayOffset: fc.constantFrom(0, 40),
      monthOffset: fc.constantFrom(0, 40, 80),
    });

    it('agrees on all 100 check-digit pairs of random bases without an FH first digit', () => {
      fc.assert(
        fc.property(birthDate, ({ day, month, yy, individual, dayOffset, monthOffset }) => {
          const date = `${pad2(day + dayOffset)}${pad2(month + monthOffset)}${pad2(yy)}`;
          const nine = `${date}${String(individual).padStart(3, '0')}`;
          for (let checks = 0; checks < 100; checks++) {
            const number = `${nine}${pad2(checks)}`;
            expect(isFodselsnummer(number), number).toBe(idnr(number).status === 'valid');
          }
        }),
        { numRuns: 300 },
      );
    });

    it('accepts every old-rule number generated from a real date, as the oracle does', () => {
      const date = fc.date({ min: new Date('1854-01-01'), max: new Date('2039-12-31'), noInvalidDate: true });
      fc.assert(
        fc.property(date, fc.integer({ min: 0, max: 999 }), fc.boolean(), (d, individual, dNumber) => {
          const dd = pad2(d.getUTCDate() + (dNumber ? 40 : 0));
          const ddmmyy = `${dd}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCFullYear() % 100)}`;
          const number = withChecksums(`${ddmmyy}${String(individual).padStart(3, '0')}`);
          fc.pre(number !== undefined);
          expect(isFodselsnummer(number ?? '')).toBe(true);
          expect(idnr(number ?? '').status).toBe('valid');
        }),
        { numRuns: 1000 },
      );
    });

    it('accepts the FH-numbers the oracle does not know', () => {
      expect(idnr('81234567802').status).toBe('invalid');
      fc.assert(
        fc.property(fc.stringMatching(/^[89]\d{8}$/), (nine) => {
          const number = withChecksums(nine);
          fc.pre(number !== undefined);
          expect(isFodselsnummer(number ?? '')).toBe(true);
        }),
      );
    });
  });
});

describe('isAccountNumber', () => {
  it.each([
    ['12345678903', true],
    ['86011117947', true],
    ['29020105729', true],
    ['12345678900', false],
    ['12345678904', false],
    ['1234567890', false],
    ['123456789030', false],
    ['1234.56.78903', false],
    ['1234567890a', false],
    ['', false],
  ] as const)('%s -> %s', (digits, expected) => {
    expect(isAccountNumber(digits)).toBe(expected);
  });

  it('is never valid where the check digit would have to be 10', () => {
    const needsTen = Array.from({ length: 2000 }, (_, i) => `10000${String(i).padStart(5, '0')}`).filter(
      (ten) => mod11(sum(ten, K2_WEIGHTS)) === 1,
    );
    expect(needsTen.length).toBeGreaterThan(100);
    for (const ten of needsTen) for (let k = 0; k <= 9; k++) expect(isAccountNumber(`${ten}${k}`)).toBe(false);
  });

  it('has exactly one check digit for every other base', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (ten) => {
        fc.pre(mod11(sum(ten, K2_WEIGHTS)) !== 1);
        const valid = Array.from({ length: 10 }, (_, k) => `${ten}${k}`).filter(isAccountNumber);
        expect(valid).toHaveLength(1);
      }),
    );
  });

  it('holds for every valid fødselsnummer, since K2 is the same MOD11', () => {
    for (const valid of ['02013299997', '55102499947', '13527248013', '50846202355', '81234567802']) {
      expect(isAccountNumber(valid)).toBe(true);
    }
  });
});
