import { describe, expect, it } from 'vitest';
import {
  privacyStatement,
  type StatementConfig,
  type StatementContent,
  statementContent,
} from '../../src/privacy/privacy-statement.ts';
import { type LegalBasis, legalBases, type Site } from '../../src/sites/site.ts';
import { type Lang, langs } from '../../src/values.ts';

const config: StatementConfig = {
  ipMode: 'truncate',
  retentionDays: 90,
  auditRetentionDays: 365,
  publicUrl: 'https://tilbakemelding.sandnes.kommune.no',
};

const sandnes: Site = {
  id: 'sandnes',
  name: 'sandnes.kommune.no',
  origins: ['https://www.sandnes.kommune.no'],
  controller: 'Sandnes kommune',
  contact: 'postmottak@sandnes.kommune.no',
  dpo: 'personvernombud@sandnes.kommune.no',
  legalBasis: 'public-task',
  processors: ['Sem og Stenersen Prokom AS', 'Microsoft Norge AS'],
  hosting: 'Norge',
  statementChangedAt: new Date('2026-11-27T17:40:12.345Z'),
  statementHash: null,
  commentsInNotifications: false,
};

/** The statement in bokmål, nynorsk and English. */
const inAll = (site: Site) =>
  langs.map((lang) => statementContent(site, config, lang)) as [StatementContent, StatementContent, StatementContent];

/** Every text of a statement, by where it is (`rights.2`, `legalBasis.text`, ...). */
function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => texts(v, path ? `${path}.${key}` : key));
  return [];
}

/** What a value is made of, without its words: keys, lengths, types and the values that are no text. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shape(v)]));
  return typeof value === 'string' ? 'text' : value;
}

/**
 * The facts a text holds, whatever its language: GDPR articles (`artikkel 6 nr. 1 bokstav e` is how Norwegian writes
 * 6(1)(e)), numbers (days, sections), e-mail and web addresses, and each of `known` (names and places from the
 * settings) that it names.
 */
function facts(text: string, known: string[]): string[] {
  const articles = text.replace(/artikkel (\d+) nr\. (\d+) bokstav ([a-f])/g, '$1($2)($3)');
  const found = [
    ...(articles.match(/\d+\(\d+\)\([a-f]\)|[\w.-]+@[\w.-]+\.\w+|[\w-]+(\.[\w-]+)+\.no\b|\d+(-\d+)?/g) ?? []),
    ...known.filter((k) => text.includes(k)),
  ];
  return [...new Set(found)].sort();
}

describe('the privacy statement in bokmål, nynorsk and English', () => {
  const known = [
    'Sandnes kommune',
    'sandnes.kommune.no',
    'Sem og Stenersen Prokom AS',
    'Microsoft Norge AS',
    'Norge',
    'Datatilsynet',
    'GDPR',
    'fantdu',
  ];

  for (const basis of legalBases)
    it(`has the same fields, each stating the same facts, with the legal basis ${basis}`, () => {
      const [nb, nn, en] = inAll({ ...sandnes, legalBasis: basis });
      expect(shape(nn)).toEqual(shape(nb));
      expect(shape(en)).toEqual(shape(nb));
      const nbTexts = texts(nb);
      expect(nbTexts.length).toBeGreaterThan(40);
      for (const other of [nn, en]) {
        const otherTexts = new Map(texts(other));
        for (const [path, text] of nbTexts) {
          const translated = otherTexts.get(path) as string;
          expect(translated.trim(), path).not.toBe('');
          expect(facts(translated, known), `${other.lang} ${path}: ${translated}`).toEqual(facts(text, known));
        }
      }
    });
});

describe('each setting, stated in every language', () => {
  const words: Record<Lang, Record<LegalBasis, string[]>> = {
    nb: {
      'public-task': ['allmennhetens interesse', 'kommuneloven § 4-1', 'artikkel 6 nr. 1 bokstav e'],
      consent: ['du samtykker', 'trekke samtykket tilbake', 'Be oss derfor slette det', 'bokstav a'],
      'legitimate-interest': [
        'berettiget interesse',
        'Vi har veid denne interessen mot personvernet ditt',
        'bokstav f',
      ],
    },
    nn: {
      'public-task': ['ålmenta si interesse', 'kommunelova § 4-1', 'artikkel 6 nr. 1 bokstav e'],
      consent: ['du samtykkjer', 'trekkje samtykket tilbake', 'Be oss difor slette det', 'bokstav a'],
      'legitimate-interest': ['berettiga interesse', 'Vi har vege denne interessa mot personvernet ditt', 'bokstav f'],
    },
    en: {
      'public-task': ['public interest', 'Local Government Act section 4-1', 'Article 6(1)(e)'],
      consent: ['you consent', 'withdraw your consent', 'Ask us to erase it', 'Article 6(1)(a)'],
      'legitimate-interest': ['legitimate interest', 'We have weighed this interest against your privacy', '6(1)(f)'],
    },
  };
  const articles: Record<LegalBasis, string> = {
    'public-task': '6(1)(e)',
    consent: '6(1)(a)',
    'legitimate-interest': '6(1)(f)',
  };

  for (const basis of legalBases)
    it(`--legal-basis ${basis}: the basis in plain words, with its article`, () => {
      for (const s of inAll({ ...sandnes, legalBasis: basis })) {
        expect(s.legalBasis.basis).toBe(basis);
        expect(s.legalBasis.article).toBe(articles[basis]);
        expect(s.legalBasis.text).toContain(`GDPR`);
        expect(s.legalBasis.text).toContain(articles[basis]);
        for (const phrase of words[s.lang][basis]) expect(s.legalBasis.text).toContain(phrase);
        for (const other of legalBases.filter((b) => b !== basis))
          expect(s.legalBasis.text).not.toContain(articles[other]);
      }
    });

  it('the rights to object and to restriction, beside access, rectification and erasure', () => {
    const starts: Record<Lang, string[]> = {
      nb: ['Innsyn:', 'Retting og sletting:', 'Begrensning:', 'Protest:'],
      nn: ['Innsyn:', 'Retting og sletting:', 'Avgrensing:', 'Protest:'],
      en: ['Access:', 'Rectification and erasure:', 'Restriction:', 'Objection:'],
    };
    for (const basis of legalBases)
      for (const s of inAll({ ...sandnes, legalBasis: basis })) {
        expect(s.rights.map((r) => r.slice(0, r.indexOf(':') + 1))).toEqual(starts[s.lang]);
        // Under consent, one objects by withdrawing it (article 21 is for 6(1)(e) and (f)).
        const objection = s.rights[3] as string;
        expect(/samtykket|consent/.test(objection)).toBe(basis === 'consent');
      }
  });

  it('--processor: each processor named, and who runs the service', () => {
    for (const s of inAll(sandnes)) {
      expect(s.processors.names).toEqual(['Sem og Stenersen Prokom AS', 'Microsoft Norge AS']);
      expect(s.processors.text).toMatch(
        /^Sandnes kommune (bruker databehandlere|brukar databehandlarar|uses data proc)/,
      );
    }
    const [nb, nn, en] = inAll({ ...sandnes, processors: [] });
    expect(nb.processors).toEqual({ names: [], text: 'Sandnes kommune driver tjenesten selv, uten databehandler.' });
    expect(nn.processors.text).toBe('Sandnes kommune driv tenesta sjølv, utan databehandlar.');
    expect(en.processors.text).toBe('Sandnes kommune runs the service itself, without a data processor.');
  });

  it('--hosting: where the data is kept, or that it is not stated', () => {
    expect(inAll({ ...sandnes, hosting: 'EU/EØS.' }).map((s) => s.hosting)).toEqual([
      { place: 'EU/EØS.', text: 'Lagringssted for opplysningene: EU/EØS.' },
      { place: 'EU/EØS.', text: 'Lagringsstad for opplysningane: EU/EØS.' },
      { place: 'EU/EØS.', text: 'Where the data is kept: EU/EØS.' },
    ]);
    expect(inAll({ ...sandnes, hosting: null }).map((s) => s.hosting.text)).toEqual([
      'Lagringssted for opplysningene: ikke oppgitt.',
      'Lagringsstad for opplysningane: ikkje oppgitt.',
      'Where the data is kept: not stated.',
    ]);
  });

  it('that the logs hold no address, comment or query string', () => {
    const [nb, nn, en] = inAll(sandnes);
    expect(nb.logs).toMatch(
      /^Tjenestens egne logger inneholder ingen personopplysninger: ingen IP-adresse, ingen kommentar/,
    );
    expect(nn.logs).toMatch(/^Tenesta sine eigne loggar inneheld ingen personopplysningar: inga IP-adresse, ingen kom/);
    expect(en.logs).toMatch(/^The service's own logs hold no personal data: no IP address, no comment and nothing/);
  });

  it('when the content last changed, in Oslo time', () => {
    const winter = new Date('2026-11-27T17:40:12.345Z');
    const summer = new Date('2026-06-01T10:05:00Z');
    const [nb, nn, en] = inAll(sandnes);
    expect(privacyStatement(nb, winter).lastChanged).toEqual({
      at: '2026-11-27T17:40:12.345Z',
      text: '27. november 2026 kl. 18.40',
    });
    expect(privacyStatement(nn, summer).lastChanged.text).toBe('1. juni 2026 kl. 12.05');
    expect(privacyStatement(en, winter).lastChanged.text).toBe('27 November 2026 at 18:40');
  });
});
