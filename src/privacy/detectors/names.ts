import type { Span } from './spans.ts';
import {
  ambiguousGivenNames,
  givenNames,
  isCapitalised,
  longestNotName,
  notNames,
  surnames,
  type Token,
  tokenize,
} from './words.ts';

/**
 * Person names (PRIVACY-RULES.md rule 10): the whole name, found by a cue before or after it (`jeg heter`, `hilsen`,
 * `sønnen min`), by a given name common in Norway (with the capitalised words after it), or as a sign-off at the end.
 * What is not a person stays: places, bodies and services (not-names.txt), given names that are ordinary words
 * unless a cue or a surname comes with them, streets and institutions named after people, sentence starts. Found
 * token by token, each token looked at a bounded number of times, so the time is linear in the text.
 */

/** Phrases of words, the longest first (so that `kontaktperson er` is found before `kontaktperson`). */
const phrases = (list: string) =>
  list
    .split(',')
    .map((p) => p.trim().split(' '))
    .sort((a, b) => b.length - a.length);

/** Words after which a name follows. */
const CUES_BEFORE = phrases(
  'jeg heter, eg heiter, eg heter, jeg het, mitt navn er, navnet mitt er, namnet mitt er, mitt namn er, my name is, ' +
    'hilsen, helsing, helsingar, hilsninger, mvh, vh, signert, kontaktperson, kontaktpersonen, ' +
    'kontaktperson er, kontaktpersonen er, kontaktperson var, regards, sincerely, takk til, thanks to, snakket med, ' +
    'snakka med, snakket jeg med, pratet med, prata med, ifølge, hei til, takk for hjelpen til',
);
/** Words before which a name comes: `Kari heter jeg`. */
const CUES_AFTER = phrases('heter jeg, heiter eg, het jeg, is my name');
/** Family and other close words around a child's or a spouse's name (bokmål, nynorsk, English). */
const FAMILY = new Set(
  (
    'sønn sønnen son sonen datter datteren dattera dotter dottera barn barnet barna gutt gutten guten jente jenta ' +
    'jenten mann mannen kone kona samboer samboeren sambuar sambuaren kjæreste kjæresten mor moren mora far faren ' +
    'mamma pappa bestemor bestefar farmor farfar mormor morfar bror broren søster søsteren syster systera onkel ' +
    'tante svigermor svigerfar ektemann ektefelle nabo naboen granne grannen venn vennen venninne venninnen ' +
    'daughter husband wife mother father mom mum dad brother sister partner boy girl child'
  ).split(' '),
);
/** Every word that can make the word after it a name (for tests that need words that cannot). */
export const cueWords: ReadonlySet<string> = new Set([...[...CUES_BEFORE, ...CUES_AFTER].flat(), ...FAMILY]);
const POSSESSIVES = new Set(
  'min mi mitt mine vår vårt våre hans hennes deira deres sin si sitt dykkar my our his her their'.split(' '),
);
/** Between parts of a name: `van der Berg`, `de la Cruz`, `al-Hassan` (one token). */
const PARTICLES = new Set('von van der den de da di du la le af av zu ter ten bin ibn el al'.split(' '));
/** What comes after a person's name when it names a street or an institution: `Henrik Ibsens gate`. */
const NAMED_AFTER = new Set(
  (
    'vidaregåande skule skulen ungdomsskule barneskule sjukehus sjukehuset sjukeheim idrettshall tunet tun gate gata ' +
    'gaten vei veien veg vegen allé plass plassen torg torget brygge bru brua bro kai kaia skole skolen skule ' +
    'videregående vgs ungdomsskole barneskole barnehage barnehagen sykehus sykehuset hospital senter senteret hall ' +
    'hallen hus huset museum museet bibliotek biblioteket kirke kirka kyrkje kyrkja park parken stadion bad badet ' +
    'teater teatret institutt gymnas akademi universitet stiftelse stiftelsen legesenter sykehjem prisen as asa |'
  ).split(' '),
);

const ROMAN = /^[IVX]+s?$/;

const isGiven = (lower: string) => givenNames.has(lower) || ambiguousGivenNames.has(lower);
const inNameLists = (lower: string) => isGiven(lower) || surnames.has(lower);
/** A single capital with a full stop: the initial in `Kari N.` or `K. Hansen`. */
const isInitial = (tokens: readonly Token[], i: number) =>
  /^\p{Lu}$/u.test(tokens[i]?.text ?? '') && tokens[i + 1]?.text === '.' && tokens[i + 1]?.gap === '';
const spaced = (t: Token | undefined) => t !== undefined && /^[ \u00a0]$/.test(t.gap);

/** Tokens that are part of a place, a body or a service of several words (`Statens vegvesen`, `Min side`). */
function protectedTokens(tokens: readonly Token[]): Set<number> {
  const covered = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    let phrase = '';
    for (let n = 0; n < longestNotName && i + n < tokens.length; n++) {
      const t = tokens[i + n] as Token;
      if (t.type !== 'word' || (n > 0 && !spaced(t))) break;
      phrase = n === 0 ? t.lower : `${phrase} ${t.lower}`;
      if (n > 0 && notNames.has(phrase)) for (let k = i; k <= i + n; k++) covered.add(k);
    }
  }
  return covered;
}

export function findNames(text: string): Span[] {
  if (!/\p{L}/u.test(text)) return [];
  const tokens = tokenize(text);
  const kept = protectedTokens(tokens);
  const spans: Span[] = [];
  let doneUpTo = -1;

  /** Whether tokens[i] may be part of a name once one has begun. */
  const part = (i: number, lowerAllowed: boolean): boolean => {
    const t = tokens[i];
    if (t?.type !== 'word' || kept.has(i)) return false;
    if (isCapitalised(t)) return !notNames.has(t.lower) || inNameLists(t.lower);
    return lowerAllowed && inNameLists(t.lower);
  };

  /** The name from tokens[i] on: its parts, particles and initials; the index after it. */
  const extend = (i: number, lowerAllowed: boolean): number => {
    let end = i + 1;
    if (isInitial(tokens, i)) end = i + 2;
    while (end - i < 12) {
      const t = tokens[end];
      if (!spaced(t)) break;
      if (isInitial(tokens, end)) end += 2;
      else if (part(end, lowerAllowed)) end++;
      else if (PARTICLES.has(t?.lower ?? '') && spaced(tokens[end + 1]) && isCapitalised(tokens[end + 1])) end += 2;
      else break;
    }
    return end;
  };

  /**
   * Not a person but what is named after one: `Henrik Ibsens gate`, `Haakon VIIs gate`, `Edvard Munch videregående
   * skole`, `Ole Bulls plass-området`, `Ivar Aasen-tunet`.
   */
  const namesSomething = (from: number, end: number) => {
    const last = tokens[end - 1]?.lower ?? '';
    if (last.includes('-') && NAMED_AFTER.has(last.slice(last.lastIndexOf('-') + 1))) return true;
    const next = ROMAN.test(tokens[end]?.text ?? '') && spaced(tokens[end]) ? end + 1 : end;
    const word = tokens[next]?.lower.split('-')[0] ?? '';
    return next > from && spaced(tokens[next]) && NAMED_AFTER.has(word);
  };

  const add = (from: number, end: number) => {
    if (from <= doneUpTo || end <= from || namesSomething(from, end)) return;
    spans.push({ start: (tokens[from] as Token).start, end: (tokens[end - 1] as Token).end, kind: 'navn' });
    doneUpTo = end - 1;
  };

  /** A name where a cue says one is: any capitalised word that is not a place, or one from the lists. */
  const cued = (i: number, lowerAllowed: boolean) => {
    let j = i;
    while (
      tokens[j]?.text === ',' ||
      tokens[j]?.text === ':' ||
      tokens[j]?.lower === 'fra' ||
      tokens[j]?.lower === 'from'
    )
      j++;
    const t = tokens[j];
    if (t?.type !== 'word' || kept.has(j) || !/^[ \u00a0\t\r\n]*$/.test(t.gap) || t.gap.length > 3) return;
    const first = isInitial(tokens, j) || part(j, lowerAllowed);
    if (!first) return;
    const end = extend(j, lowerAllowed);
    add(j, end);
    // `Hilsen Aud og Olav Kvam`: a second name joined by og/and/&.
    const joiner = tokens[end];
    if (
      spaced(joiner) &&
      (joiner?.lower === 'og' || joiner?.lower === 'and' || joiner?.text === '&') &&
      part(end + 1, lowerAllowed)
    ) {
      add(end + 1, extend(end + 1, lowerAllowed));
    }
  };

  const matchAt = (i: number, phrase: string[]) =>
    phrase.every((w, n) => tokens[i + n]?.lower === w && (n === 0 || !/\n/.test(tokens[i + n]?.gap ?? '')));

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type !== 'word') continue;
    // A cue before a name.
    const before = CUES_BEFORE.find((p) => matchAt(i, p));
    if (before) {
      cued(i + before.length, true);
      continue;
    }
    // A cue after a name: `Kari Hansen heter jeg`.
    const after = CUES_AFTER.find((p) => matchAt(i, p));
    if (after) {
      let from = i;
      while (from > doneUpTo + 1 && part(from - 1, false) && spaced(tokens[from])) from--;
      if (from < i) add(from, i);
      continue;
    }
    // Family words: `sønnen min Emil`, `min sønn Emil`, `mamma til Noah`, `Emil, sønnen min`.
    if (FAMILY.has(t.lower)) {
      let j = i + 1;
      if (POSSESSIVES.has(tokens[j]?.lower ?? '') || tokens[j]?.lower === 'til') j++;
      if (part(j, false) || (tokens[j]?.type === 'word' && isGiven(tokens[j]?.lower ?? ''))) cued(j, false);
      const comma = tokens[i - 1];
      const possessiveAfter = POSSESSIVES.has(tokens[i + 1]?.lower ?? '');
      if (comma?.text === ',' && possessiveAfter && i >= 2 && isGiven(tokens[i - 2]?.lower ?? '')) {
        let from = i - 2;
        while (from > doneUpTo + 1 && part(from - 1, false) && spaced(tokens[from])) from--;
        add(from, i - 1);
      }
      continue;
    }
    if (i <= doneUpTo || kept.has(i)) continue;
    // A given name common in Norway, with the capitalised words after it; one that is also an ordinary word only
    // with a surname after it (`Per Hansen`, not `Per i dag`).
    if (isCapitalised(t) && givenNames.has(t.lower)) add(i, extend(i, false));
    else if (isCapitalised(t) && ambiguousGivenNames.has(t.lower) && surnameAt(i + 1)) add(i, extend(i, false));
    else if (
      !isCapitalised(t) &&
      givenNames.has(t.lower) &&
      surnames.has(tokens[i + 1]?.lower ?? '') &&
      spaced(tokens[i + 1])
    ) {
      add(i, extend(i, true));
    } else if (isInitial(tokens, i) && surnameAt(i + 2)) add(i, extend(i, false));
  }
  signOff();
  return spans;

  /** A capitalised word after a given name that makes it a full name: a surname, or any word that is not a place. */
  function surnameAt(i: number): boolean {
    const t = tokens[i];
    return (
      spaced(t) && isCapitalised(t) && !kept.has(i) && (surnames.has(t?.lower ?? '') || !notNames.has(t?.lower ?? ''))
    );
  }

  /** A sign-off at the end: `- Kari`, `/Ola`, `Kari N.`, after a dash, a slash, a line break or a full stop. */
  function signOff(): void {
    let end = tokens.length;
    while (end > 0 && /^[.!?)\]]$/.test(tokens[end - 1]?.text ?? '') && !isInitial(tokens, end - 2)) end--;
    let from = end;
    while (from > 0 && end - from < 4) {
      if (isInitial(tokens, from - 2)) from -= 2;
      else if (part(from - 1, false)) from--;
      else break;
    }
    if (from === end || from <= doneUpTo || from === 0) return;
    const marker = tokens[from - 1];
    // A name the lists know or one with an initial, after a dash, a slash, a full stop, a comma or a line break; after
    // a dash or a slash also two words the lists do not know (`- Ksenia Volkova`). One unknown word alone at the end
    // is more often a word than a name.
    const dashed = /^[-–—/]$/.test(marker?.text ?? '');
    const known = inNameLists(tokens[from]?.lower ?? '') || isInitial(tokens, end - 2);
    const ended = dashed || /\n/.test(tokens[from]?.gap ?? '') || /^[.!?,]$/.test(marker?.text ?? '');
    if (ended && (known || (dashed && end - from >= 2))) add(from, end);
  }
}
