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
 * `sønnen min`, `rektor`), by a given name common in Norway (with the capitalised words after it), or as a sign-off
 * at the end. What is not a person stays: places, bodies and services (not-names.txt), given names that are ordinary
 * words unless a cue or a surname comes with them, streets, institutions and clubs named after people, sentence
 * starts. Found token by token, each token looked at a bounded number of times, so the time is linear in the text.
 */

/**
 * Phrases of words by their first word, the longest first (so that `kontaktperson er` is found before
 * `kontaktperson`): a token is looked up once, not matched against every phrase.
 */
function phrases(list: string): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  const all = list.split(',').map((p) => p.trim().split(' '));
  for (const phrase of all.sort((a, b) => b.length - a.length)) {
    const first = phrase[0] as string;
    byFirst.set(first, [...(byFirst.get(first) ?? []), phrase]);
  }
  return byFirst;
}
const allWords = (byFirst: Map<string, string[][]>) => [...byFirst.values()].flat(2);
const words = (list: string) => new Set(list.split(' '));

/** Words after which a name follows, in any case (`mvh kari nordmann`). */
const CUES_BEFORE = phrases(
  'jeg heter, eg heiter, eg heter, jeg het, vi heter, me heiter, vi heiter, mitt navn er, navnet mitt er, ' +
    'namnet mitt er, mitt namn er, my name is, hilsen, helsing, helsingar, hilsninger, mvh, vh, signert, ' +
    'kontaktperson, kontaktpersonen, kontaktperson er, kontaktpersonen er, kontaktperson var, regards, sincerely, ' +
    'takk til, thanks to, snakket med, snakka med, snakket jeg med, pratet med, prata med, ifølge, hei til, ' +
    'takk for hjelpen til',
);
/** Words after which a capitalised name follows: thanks and the roles of the people citizens meet. */
const CUES_BEFORE_CAPITALISED = phrases(
  'takk, tusen takk, thanks, thank you, rektor, rektoren, lærer, læreren, lærar, læraren, kontaktlærer, ' +
    'kontaktlæreren, kontaktlærar, barnehagelærer, barnehagelærar, saksbehandler, saksbehandleren, sakshandsamar, ' +
    'lege, legen, fastlege, fastlegen, dr, doktor, sykepleier, sjukepleiar, helsesykepleier, helsesjukepleiar, ' +
    'tannlege, jordmor, psykolog, fysioterapeut, ergoterapeut, rørlegger, rørleggar, elektriker, vaktmester, ' +
    'vaktmeister, trener, trenar, leder, lederen, leiar, leiaren, styreleder, styreleiar, konsulent, rådgiver, ' +
    'rådgjevar, assistent, assistenten, miljøarbeider, miljøarbeidar, ordfører, ordføraren, varaordfører, rådmann, ' +
    'kommunedirektør, direktør, sjef, sjefen, advokat, tolk, tolken, prest, presten, sokneprest, eleven, elev',
);
/** Words before which a name comes: `Kari heter jeg`. */
const CUES_AFTER = phrases('heter jeg, heiter eg, het jeg, is my name');
/** Family and other close words around a child's or a spouse's name (bokmål, nynorsk, English). */
const FAMILY = words(
  'sønn sønnen son sonen datter datteren dattera dotter dottera barn barnet barna gutt gutten guten jente jenta ' +
    'jenten mann mannen kone kona samboer samboeren sambuar sambuaren kjæreste kjæresten mor moren mora far faren ' +
    'mamma pappa bestemor bestefar farmor farfar mormor morfar bror broren søster søsteren syster systera onkel ' +
    'tante svigermor svigerfar ektemann ektefelle nabo naboen granne grannen venn vennen venninne venninnen ' +
    'lillebror storebror veslebror lillesøster storesøster veslesyster storesyster tvilling tvillingen familien ' +
    'daughter husband wife mother father mom mum dad brother sister partner boy girl child kids kid children',
);
/** Every word that can make the word after it a name (for tests that need words that cannot). */
export const cueWords: ReadonlySet<string> = new Set([
  ...[CUES_BEFORE, CUES_BEFORE_CAPITALISED, CUES_AFTER].flatMap(allWords),
  ...FAMILY,
]);
const POSSESSIVES = words(
  'min mi mitt mine vår vårt våre hans hennes deira deres sin si sitt dykkar my our his her their',
);
/** Between parts of a name: `van der Berg`, `de la Cruz`, `al-Hassan` (one token). */
const PARTICLES = words(
  'von van der den de da di du la le af av zu ter ten bin ibn el al delos dela della dos das del des op vom',
);
/** What comes after a person's name when it names a street, an institution or a club: `Henrik Ibsens gate`. */
const NAMED_AFTER = words(
  'vidaregåande skule skulen ungdomsskule barneskule sjukehus sjukehuset sjukeheim idrettshall tunet tun gate gata ' +
    'gaten vei veien veg vegen allé plass plassen torg torget brygge bru brua bro kai kaia skole skolen ' +
    'videregående vgs ungdomsskole barneskole barnehage barnehagen sykehus sykehuset hospital senter senteret hall ' +
    'hallen hus huset museum museet bibliotek biblioteket kirke kirka kyrkje kyrkja park parken stadion bad badet ' +
    'teater teatret institutt gymnas akademi akademiet universitet universitetet stiftelse stiftelsen legesenter ' +
    'sykehjem prisen as asa villa villaen sport arena hotell hotel kafé kafe restaurant',
);
/** Words that end the name of a club, a council or a company, not of a person (`Sandnes Skolekorps`, `Eldrerådet`). */
const BODY_END = new RegExp(
  `(?:${(
    'korps korpset laget lag foreningen forening vel klubb klubben rådet råd styret utvalget kontoret senteret ' +
    'tjenesten etaten kor koret orkester orkesteret sport akademiet sjukehus sykehus skole skule barnehage kirke ' +
    'kyrkje museum'
  )
    .split(' ')
    .join('|')})$`,
);
/** Words that begin sentences or join them, never the last part of a name however they are written. */
const NOT_A_PART = words(
  'hei hallo takk mvh dette det den denne jeg eg vi og men når hvor kvar hva kva i på ikke ikkje',
);

const ROMAN = /^[IVX]+s?$/;

const isGiven = (lower: string) => givenNames.has(lower) || ambiguousGivenNames.has(lower);
const inNameLists = (lower: string) => isGiven(lower) || surnames.has(lower);
/** A single capital with a full stop: the initial in `Kari N.` or `K. Hansen`. */
const isInitial = (tokens: readonly Token[], i: number) =>
  tokens[i + 1]?.text === '.' && tokens[i + 1]?.gap === '' && /^\p{Lu}$/u.test(tokens[i]?.text ?? '');
const spaced = (t: Token | undefined) => t !== undefined && (t.gap === ' ' || t.gap === '\u00a0');
/** A name as people write it, or in capitals all through (`GEIR ANDRE HOLM`) when the lists know it. */
const nameCased = (t: Token | undefined) =>
  isCapitalised(t) || (t !== undefined && /^\p{Lu}{2,}$/u.test(t.text) && inNameLists(t.lower));

/** The first words of the places, bodies and services of several words. */
const notNameStarts = new Set([...notNames].filter((entry) => entry.includes(' ')).map((entry) => entry.split(' ')[0]));

/** Tokens that are part of a place, a body or a service of several words (`Statens vegvesen`, `Min side`). */
function protectedTokens(tokens: readonly Token[]): Set<number> {
  const covered = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (!notNameStarts.has(tokens[i]?.lower ?? '')) continue;
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

export function findNames(text: string, tokensOf = tokenize): Span[] {
  if (!/\p{L}/u.test(text)) return [];
  const tokens = tokensOf(text);
  const kept = protectedTokens(tokens);
  const spans: Span[] = [];
  let doneUpTo = -1;

  /** Whether tokens[i] may be part of a name once one has begun. */
  const part = (i: number, lowerAllowed: boolean): boolean => {
    const t = tokens[i];
    if (t?.type !== 'word' || kept.has(i)) return false;
    if (nameCased(t)) return !notNames.has(t.lower) || inNameLists(t.lower);
    return lowerAllowed && inNameLists(t.lower);
  };

  /**
   * A capitalised word that the lists call a place (`Vestre`, `Hole`) ends a name after a given name: `Marianne
   * Vestre`, `Liv Berit Hole`, when no other capitalised word follows it.
   */
  const lastPart = (i: number): boolean => {
    const t = tokens[i];
    const previous = tokens[i - 1]?.lower ?? '';
    if (!isCapitalised(t) || kept.has(i) || NOT_A_PART.has(t?.lower ?? '') || !isGiven(previous)) return false;
    return !(spaced(tokens[i + 1]) && nameCased(tokens[i + 1]));
  };

  /** The name from tokens[i] on: its parts, particles and initials; the index after it. */
  const extend = (i: number, lowerAllowed: boolean): number => {
    let end = isInitial(tokens, i) ? i + 2 : i + 1;
    while (end - i < 12) {
      if (!spaced(tokens[end])) break;
      if (isInitial(tokens, end)) {
        end += 2;
        continue;
      }
      if (part(end, lowerAllowed) || lastPart(end)) {
        end++;
        continue;
      }
      // `van der Berg`, `de la Croix`: particles, then a part.
      let after = end;
      while (PARTICLES.has(tokens[after]?.lower ?? '') && spaced(tokens[after]) && after - end < 3) after++;
      if (after > end && part(after, lowerAllowed)) end = after + 1;
      else break;
    }
    return end;
  };

  /**
   * Not a person but what is named after one, or a body: `Henrik Ibsens gate`, `Haakon VIIs gate`, `Edvard Munch
   * videregående skole`, `Ivar Aasen-tunet-området`, `Sandnes Skolekorps`, `Anton Sport`.
   */
  const namesSomething = (from: number, end: number) => {
    const body = (lower: string) => BODY_END.test(lower) && !inNameLists(lower);
    for (let k = from; k < end; k++) {
      const lower = tokens[k]?.lower ?? '';
      if (lower.split('-').some((p, n) => n > 0 && NAMED_AFTER.has(p)) || body(lower)) return true;
      if (k > from && NAMED_AFTER.has(lower)) return true;
    }
    const next = ROMAN.test(tokens[end]?.text ?? '') && spaced(tokens[end]) ? end + 1 : end;
    const word = tokens[next]?.lower.split('-')[0] ?? '';
    return spaced(tokens[next]) && (NAMED_AFTER.has(word) || body(word));
  };

  const add = (from: number, end: number) => {
    if (from <= doneUpTo || end <= from || namesSomething(from, end)) return;
    spans.push({ start: (tokens[from] as Token).start, end: (tokens[end - 1] as Token).end, kind: 'navn' });
    doneUpTo = end - 1;
  };

  /** A name where a cue says one is: a word that reads as a name, or one from the lists; then any joined by og/and. */
  const cued = (i: number, lowerAllowed: boolean) => {
    let j = i;
    while (
      [',', ':'].includes(tokens[j]?.text ?? '') ||
      ['fra', 'frå', 'from', 'dr'].includes(tokens[j]?.lower ?? '')
    ) {
      j += tokens[j + 1]?.text === '.' ? 2 : 1;
    }
    const t = tokens[j];
    if (t?.type !== 'word' || kept.has(j) || !/^[ \u00a0\t\r\n]*$/.test(t.gap) || t.gap.length > 3) return;
    if (!isInitial(tokens, j) && !part(j, lowerAllowed)) return;
    const end = extend(j, lowerAllowed);
    add(j, end);
    const joiner = tokens[end];
    if (spaced(joiner) && ['og', 'and', '&'].includes(joiner?.lower ?? '') && part(end + 1, lowerAllowed)) {
      add(end + 1, extend(end + 1, lowerAllowed));
    }
  };

  /** A name before a cue (`Kari Hansen heter jeg`), or before a family word after a comma: its first token. */
  const backFrom = (i: number) => {
    let from = i;
    while (from > 0 && part(from - 1, false) && spaced(tokens[from])) from--;
    // A name found before, ending where this one does, is this one: it is replaced by the whole.
    const last = spans.at(-1);
    if (from < i && last && last.end === (tokens[i - 1] as Token).end && last.start >= (tokens[from] as Token).start) {
      spans.pop();
      doneUpTo = from - 1;
    }
    return from;
  };

  const matchAt = (i: number, phrase: string[]) =>
    phrase.every((w, n) => tokens[i + n]?.lower === w && (n === 0 || !/\n/.test(tokens[i + n]?.gap ?? '')));
  const cueAt = (i: number, cues: Map<string, string[][]>) =>
    cues.get(tokens[i]?.lower ?? '')?.find((p) => matchAt(i, p));

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type !== 'word') continue;
    const before = cueAt(i, CUES_BEFORE);
    if (before) {
      cued(i + before.length, true);
      continue;
    }
    const role = cueAt(i, CUES_BEFORE_CAPITALISED);
    if (role && nameCued(i + role.length)) continue;
    const after = cueAt(i, CUES_AFTER);
    if (after) {
      const from = backFrom(i);
      if (from < i) add(from, i);
      continue;
    }
    if (FAMILY.has(t.lower)) {
      family(i);
      continue;
    }
    if (i <= doneUpTo || kept.has(i)) continue;
    const end = extend(i, false);
    // A given name common in Norway, with the words that read as names after it (and a surname before it, as in
    // `Nguyen Van Minh`, `Chen Wei`); one that is also an ordinary word only with a surname after it (`Per Hansen`,
    // not `Per i dag`), or before a name joined to it (`Ask og Emil`).
    if (nameCased(t) && givenNames.has(t.lower)) {
      joinedBefore(i);
      add(surnamesBefore(i), end);
    } else if (nameCased(t) && ambiguousGivenNames.has(t.lower) && surnameAt(i + 1)) add(i, end);
    else if (
      !nameCased(t) &&
      givenNames.has(t.lower) &&
      surnames.has(tokens[i + 1]?.lower ?? '') &&
      spaced(tokens[i + 1])
    ) {
      add(i, extend(i, true));
    } else if (isInitial(tokens, i) && surnameAt(i + 2)) add(i, end);
  }
  signOff();
  return spans;

  /** `Ask og Emil`, `Lykke and Mia`: a given name joined before a name, even one that is also an ordinary word. */
  function joinedBefore(i: number): void {
    const joiner = tokens[i - 1];
    const first = tokens[i - 2];
    if (!spaced(tokens[i]) || !['og', 'and', '&'].includes(joiner?.lower ?? '') || !spaced(joiner)) return;
    if (first && nameCased(first) && isGiven(first.lower) && !startsSentence(i - 2)) add(i - 2, i - 1);
  }

  /** Where a name ending in a given name begins, with surnames (and particles) before it that read as names. */
  function surnamesBefore(i: number): number {
    let from = i;
    while (from > doneUpTo + 1 && from > i - 3 && spaced(tokens[from])) {
      const t = tokens[from - 1] as Token;
      const known = surnames.has(t.lower) || (PARTICLES.has(t.lower) && from < i);
      if (!known && !(nameCased(t) && !notNames.has(t.lower) && !startsSentence(from - 1))) break;
      if (kept.has(from - 1) || (!nameCased(t) && !PARTICLES.has(t.lower))) break;
      from--;
    }
    // A particle is never the first word of a name.
    while (from < i && PARTICLES.has(tokens[from]?.lower ?? '')) from++;
    return from;
  }

  /** Whether tokens[i] begins a sentence (the text, or after . ! ? or a line break). */
  function startsSentence(i: number): boolean {
    return i === 0 || /^[.!?:]$/.test(tokens[i - 1]?.text ?? '') || /\n/.test(tokens[i]?.gap ?? '');
  }

  /** After a thank-you or a role, a capitalised name (`takk Frank`, `rektor Lars Moen`); true when one was there. */
  function nameCued(j: number): boolean {
    const k = tokens[j]?.text === ',' || tokens[j]?.text === '.' ? j + 1 : j;
    if (!nameCased(tokens[k]) && !isInitial(tokens, k)) return false;
    cued(k, false);
    return true;
  }

  /** `sønnen min Emil`, `min sønn Emil`, `mamma til Noah`, `familien Berg`, `Emil, sønnen min`. */
  function family(i: number): void {
    let j = i + 1;
    if (POSSESSIVES.has(tokens[j]?.lower ?? '') || tokens[j]?.lower === 'til') j++;
    const t = tokens[j];
    if (t?.type === 'word' && (part(j, false) || isGiven(t.lower))) cued(j, true);
    const comma = tokens[i - 1];
    if (comma?.text === ',' && POSSESSIVES.has(tokens[i + 1]?.lower ?? '') && isGiven(tokens[i - 2]?.lower ?? '')) {
      const from = backFrom(i - 1);
      add(from, i - 1);
    }
  }

  /** A capitalised word after a given name that makes it a full name: a surname, or any word that is not a place. */
  function surnameAt(i: number): boolean {
    const t = tokens[i];
    const lower = t?.lower ?? '';
    return spaced(t) && nameCased(t) && !kept.has(i) && (surnames.has(lower) || !notNames.has(lower));
  }

  /** A sign-off at the end: `- Kari`, `/Ola`, `Kari N.`, after a dash, a slash, a line break or a full stop. */
  function signOff(): void {
    let end = tokens.length;
    while (end > 0 && /^[.!?)\]]$/.test(tokens[end - 1]?.text ?? '') && !isInitial(tokens, end - 2)) end--;
    let from = end;
    while (from > 0 && end - from < 5) {
      if (isInitial(tokens, from - 2)) from -= 2;
      else if (part(from - 1, false) || (PARTICLES.has(tokens[from - 1]?.lower ?? '') && from < end)) from--;
      else break;
    }
    while (from < end && PARTICLES.has(tokens[from]?.lower ?? '')) from++;
    if (from === end || from <= doneUpTo || from === 0) return;
    const marker = tokens[from - 1];
    // After a dash or a slash at the end, any name; after a full stop, a comma or a line break, one the lists know
    // or that has an initial (one unknown word alone there is more often a word than a name).
    const dashed = /^[-–—/]$/.test(marker?.text ?? '');
    // A full name of words the lists do not know (`Jerome delos Santos`) counts as known: two or more parts.
    const known = inNameLists(tokens[from]?.lower ?? '') || isInitial(tokens, end - 2) || end - from >= 2;
    const ended = /\n/.test(tokens[from]?.gap ?? '') || /^[.!?,]$/.test(marker?.text ?? '');
    if (dashed || (ended && known)) add(from, end);
  }
}
