import { describe, expect, it } from 'vitest';
import { langOfAcceptLanguage } from '../../src/http/accept-language.ts';
import type { Lang } from '../../src/values.ts';

describe('langOfAcceptLanguage', () => {
  const cases: [header: string | undefined, lang: Lang][] = [
    [undefined, 'nb'],
    ['', 'nb'],
    ['*', 'nb'],
    ['nn', 'nn'],
    ['nn-NO', 'nn'],
    ['NN-no', 'nn'],
    ['nno', 'nn'],
    ['no-NYN', 'nn'],
    ['no-nyn-NO', 'nn'],
    ['nb', 'nb'],
    ['nb-NO,nb;q=0.9', 'nb'],
    ['no', 'nb'],
    ['no-NO', 'nb'],
    ['no-bok', 'nb'],
    ['nob', 'nb'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['en-US,en;q=0.9', 'en'],
    // What Chrome sends for a nynorsk user in Norway: nynorsk first, bokmål and English after it.
    ['nn-NO,nn;q=0.9,no;q=0.8,nb;q=0.7,en-US;q=0.6,en;q=0.5', 'nn'],
    ['nb-NO,nb;q=0.9,nn;q=0.8,en;q=0.7', 'nb'],
    // The q-values decide, not the order.
    ['en;q=0.5,nn;q=0.8', 'nn'],
    ['nb;q=0.2, en-GB;q=0.9, nn;q=0.4', 'en'],
    // Of equal q-values, the first listed.
    ['en;q=0.8,nn;q=0.8', 'en'],
    ['nn , en', 'nn'],
    // Languages fantdu does not speak are passed over; none left is bokmål.
    ['sv-SE,sv;q=0.9,en;q=0.8', 'en'],
    ['da,sv;q=0.9', 'nb'],
    ['de-DE', 'nb'],
    // q=0 means "not this one"; a q out of range or unreadable is not a wish.
    ['nn;q=0,en;q=0.1', 'en'],
    ['en;q=0', 'nb'],
    ['nn;q=2,en;q=0.5', 'en'],
    ['nn;q=abc,en;q=0.5', 'en'],
    ['en; q = 0.7, nn; q = 0.6', 'en'],
    // Nonsense is no wish at all.
    [',,;;q=,', 'nb'],
    ['english', 'nb'],
    ['nynorsk', 'nb'],
  ];
  it.each(cases)('%j is %s', (header, lang) => {
    expect(langOfAcceptLanguage(header)).toBe(lang);
  });
});
