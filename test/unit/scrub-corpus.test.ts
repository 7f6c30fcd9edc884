import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scrub } from '../../src/privacy/scrub.ts';

/**
 * Comments as citizens write them. Each marks what must go ({{...}}) and what must stay ([[...]]); the whole
 * text must otherwise come back as it went in. Recall must be total; numbers that are not personal must stay.
 */
const corpus = [
  'Jeg fant ikke skjemaet for [[2024]]. Mitt fødselsnummer er {{02013299997}}, ring meg på {{912 34 567}}.',
  'Søknad om barnehageplass fra [[01.08.2025]], barnet er født [[13.06.2018]]. Fnr: {{010190 12345}}',
  'Hvorfor koster det [[2 500]] kr for [[3]] timer? Jeg har betalt til konto {{1234.56.78903}}.',
  'Eiendomsskatten på [[4306]] Sandnes økte fra [[3000-4000]] kr. Gnr [[12]] bnr [[345]].',
  'Saksnummer [[2024/01234]] – jeg venter fortsatt. Tlf {{+47 22 33 44 55}}.',
  'Åpningstider [[08.00-15.30]] stemmer ikke, det står [[20:00-23:00]] på døren.',
  'Organisasjonsnummer [[987 654 321]] står feil, riktig er [[987654321]].',
  'Send svar til {{ola.nordmann@example.no}} eller {{kari (at) epost.no}}.',
  'D-nummeret mitt {{55102499947}} virker ikke i innloggingen.',
  'Min sønn har nummer {{01.01.90 12345}}, vi bor i [[4010]] Stavanger.',
  'Jeg prøvde å ringe {{91 23 45 67}} i [[2019-2023]] uten svar, se [[§ 12-3]] i loven.',
  'Det tok [[45]] minutter på telefon, og jeg ble satt over [[7]] ganger. Ring {{0047 91234567}}.',
  'Tallet [[1 500 000]] kroner i budsjettet for [[2025]] er feil.',
  'Ring meg: tlf:{{91234567}}. Ellers mail {{per.ås@kommune.no}}.',
  'Byggesak [[23/01234]] har vært til behandling siden [[12.3.2024]].',
  'Ta kontakt på {{navn at domene dot no}} eller {{navn krøllalfa domene punktum no}}.',
  'Kontonummer {{1234 56 78903}} for refusjon, beløp [[1 250,50]] kr.',
  'Fødselsnummer {{010190-12345}} og datter {{01 01 90 12345}}.',
  'Kl. [[10:30]] den [[23.06.2018]] var det stengt, og bussen [[22]] gikk ikke.',
  'Jeg heter {{Ola}} og har personnummer {{30108299939}}.',
  'Skjema [[NAV 04-01.03]] finnes ikke. Ring {{47 91234567}} takk.',
  'Veien har fartsgrense [[60]] km/t, men skiltet sier [[50]]. E-post: {{navn(at)domene(dot)no}}.',
  'Jeg ringte {{9123 4567}} flere ganger mellom kl [[9]] og [[15]].',
  'IBAN {{NO93 8601 1117 947}} er kommunens? Fakturanummer [[20241234567890]].',
  'Renovasjon i uke [[32]] og [[33]] ble ikke hentet, adresse {{Storgata 12B}}.',
  'Mobil {{+4791234567}} – ring etter [[16]].',
  'Syntetisk testnummer {{01819012365}} og H-nummer {{13527248013}}.',
  'Jeg har søkt [[3]] ganger siden [[2021]] og fått avslag [[2]] ganger.',
];

const marked = /\{\{(.+?)\}\}|\[\[(.+?)\]\]/g;

describe('a corpus of citizens’ comments', () => {
  const gone: string[] = [];
  const kept: [string, boolean][] = [];
  for (const line of corpus) {
    const text = line.replace(marked, (_, remove, keep) => remove ?? keep);
    const out = scrub(text).text;
    for (const m of line.matchAll(marked)) {
      if (m[1]) gone.push(`${m[1]} => ${out.includes(m[1]) ? 'KEPT' : 'gone'}`);
      if (m[2]) kept.push([m[2], out.includes(m[2])]);
    }
  }

  it('removes every personal number, phone number, e-mail address, account number, name and address', () => {
    expect(gone.filter((g) => g.endsWith('KEPT'))).toEqual([]);
  });

  it('keeps the numbers that are not personal', () => {
    expect(kept.filter(([, ok]) => !ok).map(([n]) => n)).toEqual([]);
  });

  it('changes nothing but what it removes', () => {
    for (const line of corpus) {
      const text = line.replace(marked, (_, remove, keep) => remove ?? keep);
      const pattern = line
        .split(marked)
        .map((part, i) =>
          i % 3 === 1 && part !== undefined
            ? '\\[[^\\]]+\\]'
            : i % 3 === 2 && part !== undefined
              ? escapeRegExp(part)
              : i % 3 === 0
                ? escapeRegExp(part ?? '')
                : '',
        )
        .join('');
      expect(scrub(text).text).toMatch(new RegExp(`^${pattern}$`));
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * People and places (PRIVACY-RULES.md rules 10-13), in corpora of comments written as citizens write them
 * (test/unit/corpus/README.md): `{{text|kind}}` must go and be replaced by `[kind]`, `[[text]]` must stay.
 */
describe.each(['people-and-places', 'people-and-places-holdout'])('the %s corpus', (name) => {
  const file = new URL(`corpus/${name}.txt`, import.meta.url);
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
    : [];
  const markup = /\{\{(.+?)\|([^}]+)\}\}|\[\[(.+?)\]\]/g;
  const found: Record<string, { removed: number; labelled: number; all: number }> = {};
  const missed: string[] = [];
  const lost: string[] = [];
  let keptCount = 0;
  let keepCount = 0;
  const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens = /\[(?:navn|adresse|bilnummer|telefon|e-post|fødselsnummer|kontonummer|personnummer\?)\]/g;
  for (const line of lines) {
    const text = line.replace(markup, (_, remove, _kind, keep) => remove ?? keep);
    const out = scrub(text).text;
    const left = wordsOf(out.replace(tokens, ' '));
    for (const [whole, remove, kind, keep] of line.matchAll(markup)) {
      if (remove && kind) {
        found[kind] ??= { removed: 0, labelled: 0, all: 0 };
        const counts = found[kind];
        counts.all++;
        // Gone means every word of it: none is left in the answer more often than the rest of the text has it.
        const rest = wordsOf(line.replace(whole, ' ').replace(markup, (_, r, _k, k) => r ?? k));
        const times = (list: string[], word: string) => list.filter((w) => w === word).length;
        const survivors = wordsOf(remove).filter((w) => times(left, w) > times(rest, w));
        if (survivors.length) missed.push(`${kind}: ${remove} (${survivors.join(' ')} left) in ${out}`);
        else {
          counts.removed++;
          if (out.includes(`[${kind}]`)) counts.labelled++;
        }
      } else if (keep) {
        keepCount++;
        if (out.includes(keep)) keptCount++;
        else lost.push(`${keep} in ${out}`);
      }
    }
  }
  const total = Object.values(found).reduce((a, c) => ({ removed: a.removed + c.removed, all: a.all + c.all }), {
    removed: 0,
    all: 0,
  });

  it.runIf(lines.length > 0)('removes at least 95% of the names, addresses and plates, and 90% of each kind', () => {
    expect(total.removed / total.all, missed.join('\n')).toBeGreaterThanOrEqual(0.95);
    for (const [kind, c] of Object.entries(found))
      expect(c.removed / c.all, `${kind}\n${missed.join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });

  it.runIf(lines.length > 0)('replaces each with a token naming its kind', () => {
    for (const [kind, c] of Object.entries(found)) expect(c.labelled, kind).toBe(c.removed);
  });

  it.runIf(lines.length > 0)(
    'keeps at least 97% of the places, bodies, services, streets and words that are not people',
    () => {
      expect(keptCount / keepCount, lost.join('\n')).toBeGreaterThanOrEqual(0.97);
    },
  );
});
