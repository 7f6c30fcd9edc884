import { describe, expect, it } from 'vitest';
import { maxTerms, termsOf, themeWordPattern } from '../../src/terms/terms.ts';

describe('the terms of a comment', () => {
  it('are the stems of its words and of its two-word phrases, once each, with the form first written', () => {
    expect(termsOf('Åpningstidene for biblioteket? Åpningstider biblioteket!')).toEqual({
      terms: ['åpningstid', 'bibliotek', 'åpningstid bibliotek'],
      forms: ['åpningstidene', 'biblioteket', 'åpningstider biblioteket'],
      stems: ' åpningstid for bibliotek ? åpningstid bibliotek ',
    });
  });

  it('leave out stop words (bokmål, nynorsk, English), numbers, single letters and words every answer uses', () => {
    const { terms } = termsOf('Eg fann ikkje kva eg leita etter, jeg finner ikke noe på siden. It is 2026 x');
    expect(terms).toEqual([]);
  });

  it('do not make a phrase across punctuation, a removal token or a web address', () => {
    const { terms, stems } = termsOf('Skjemaet, søknaden [telefon] vedlegg https://www.kommune.no/a/b opplasting');
    expect(terms).toEqual(['skjem', 'søknad', 'vedlegg', 'opplasting']);
    expect(stems).toBe(' skjem | søknad | vedlegg | opplasting ');
  });

  it('take a hyphenated or apostrophised word whole, and write é and ’ one way', () => {
    expect(termsOf('E-post til NAV-kontoret, idé og ide').forms).toEqual(['e-post', 'nav-kontoret', 'ide']);
  });

  it(`keep at most ${maxTerms} of a long comment`, () => {
    const long = Array.from({ length: 300 }, (_, i) => `ord${String.fromCharCode(97 + (i % 26))}${i}`).join(', ');
    expect(termsOf(long).terms).toHaveLength(maxTerms);
  });

  it('of an empty or punctuation-only comment are none', () => {
    expect(termsOf('!!')).toEqual({ terms: [], forms: [], stems: '  ' });
    expect(termsOf('?!').stems).toBe(' ? ');
  });
});

describe('a theme word as a pattern over the stems', () => {
  it('matches the word in any inflection, a phrase in order, and a prefix with *', () => {
    expect(themeWordPattern('Feilmeldingen')).toBe('% feilmelding %');
    expect(themeWordPattern('virker ikke')).toBe('% virk ikk %');
    expect(themeWordPattern('feil*')).toBe('% feil%');
    expect(themeWordPattern(' ? ')).toBe('% ? %');
    expect(themeWordPattern('  * ')).toBeUndefined();
  });
});
