import type { Span } from './spans.ts';
import { ambiguousGivenNames, givenNames, isCapitalised, notNames, surnames, type Token, tokenize } from './words.ts';

/**
 * Street addresses (PRIVACY-RULES.md rule 11): a street name with a house number, its letter and flat number, and a
 * postcode and place right after; `Postboks 583` too. A street without a number stays, and so does a postcode and
 * place alone. Found token by token, so the time is linear in the text.
 */

/** Words a street name ends in, alone (`Kongens gate`) or at the end of one word (`Storgata`, `Kirkeveien`). */
const STREET_END = new RegExp(
  `(?:${(
    'gate gata gaten gater vei veg veien vegen allé alle alléen alleen sti stien bakke bakken lia lii ' +
    'plass plassen torg torget brygge brygga bryggen kai kaia kaien ring ringen tun tunet sving svingen ' +
    'løkka løkken haugen åsen dalen jordet kroken lunden toppen høgda parken vollen myra enga bråten ' +
    'stranda promenaden hjørnet grenda berget holtet lyngen krattet tykket skogen kollen stubben gjerdet engen ' +
    'havna eggen moen faret gropa flata marka vika hagen sletta kleiva bekken lien nesset odden holmen sundet ' +
    'jordet tunet'
  )
    .split(' ')
    .join('|')})$`,
  'u',
);
/** Endings that are a street in lower case too, when part of a longer word (`sandvikveien`, `storgata`). */
const STREET_END_LOWER =
  /(?:gate|gata|gaten|vei|veg|veien|vegen|allé|alléen|plass|plassen|torget|stien|bakken|lia|tunet|kaia)$/u;
/** Words that come before a street's name and are part of it. */
const PREFIXES = new Set([
  'øvre',
  'nedre',
  'nordre',
  'søndre',
  'østre',
  'vestre',
  'gamle',
  'nye',
  'store',
  'lille',
  'indre',
  'ytre',
  'kong',
  'dronning',
  'prins',
  'prinsesse',
  'sankt',
  'st',
  'fru',
  'doktor',
  'dr',
  'professor',
  'biskop',
  'general',
  'kaptein',
]);
const ROMAN = /^[IVX]+s?$/;
/** Words that start a sentence or tie one to a place, never part of a street's name. */
const NOT_STREET = new Set(
  'hei hallo takk jeg eg vi du de det den dette denne i på til fra frå ved mot hos og men eller nå no bor'.split(' '),
);

const inNameLists = (lower: string) => givenNames.has(lower) || ambiguousGivenNames.has(lower) || surnames.has(lower);
const isNumber = (t: Token | undefined, max: number) => t?.type === 'number' && t.text.length <= max;
const spaced = (t: Token | undefined) => t !== undefined && (t.gap === ' ' || t.gap === '\u00a0');

/** Whether tokens[i] ends a street name, and if so where the name begins. */
function streetStart(tokens: readonly Token[], i: number): number | undefined {
  const t = tokens[i] as Token;
  if (t.type !== 'word' || !STREET_END.test(t.lower)) return undefined;
  const alone = STREET_END.exec(t.lower)?.[0] === t.lower;
  if (!alone && !isCapitalised(t) && !STREET_END_LOWER.test(t.lower)) return undefined;
  let start = i;
  // A street word alone needs a name before it (Kongens gate); a whole street name may have a prefix (Øvre
  // Slottsgate, St. Olavs gate).
  for (let k = i - 1; k >= Math.max(0, i - 5) && spaced(tokens[start]); k--) {
    let before = tokens[k] as Token;
    if (before.text === '.' && before.gap === '' && PREFIXES.has(tokens[k - 1]?.lower ?? ''))
      before = tokens[--k] as Token;
    // A prefix written as the street is (Øvre Slottsgate, øvre kleivsvei).
    const prefix = PREFIXES.has(before.lower) && (isCapitalised(before) || alone || !isCapitalised(t));
    // Before a street word alone: capitalised words (places too: Bygdøy allé), or in lower case a genitive right
    // before it (bjørnstjerne bjørnsons gate) and names before that.
    const genitive = k === i - 1 && before.lower.length >= 4 && /s$/.test(before.lower);
    const named =
      isCapitalised(before) || ROMAN.test(before.text) || genitive || (start < i && inNameLists(before.lower));
    const part = alone && before.type === 'word' && named && !NOT_STREET.has(before.lower);
    if (!prefix && !part) break;
    start = k;
  }
  // A street word alone and capitalised (`Torget 3, 5700 Voss`) is a street only with its postcode and place after it.
  if (alone && start === i)
    return isCapitalised(t) && postcodeAndPlace(tokens, houseNumber(tokens, i + 1) ?? i) > i + 2 ? i : undefined;
  return start;
}

/** The house number, letter and flat (`12`, `12B`, `12 B`, `3 H0201`, `nr. 14`) from tokens[i]; the index after. */
function houseNumber(tokens: readonly Token[], at: number): number | undefined {
  let i = at;
  if (tokens[i]?.lower === 'nr' && spaced(tokens[i])) i += tokens[i + 1]?.text === '.' ? 2 : 1;
  const number = tokens[i];
  if (!spaced(number) || !isNumber(number, 4) || number?.text.startsWith('0')) return undefined;
  // `12.30`, `12:30`, `12/3`, `12-14`: a time, a date or a range, not a house.
  const glued = tokens[i + 1];
  if (
    glued?.gap === '' &&
    /^[.,:/-]$/.test(glued.text) &&
    tokens[i + 2]?.type === 'number' &&
    tokens[i + 2]?.gap === ''
  ) {
    return undefined;
  }
  let end = i + 1;
  const letter = tokens[end];
  if (letter?.type === 'word' && /^[A-Za-z]$/.test(letter.text) && (letter.gap === '' || letter.gap === ' ')) {
    const after = tokens[end + 1];
    // H0201 is a flat, not a letter.
    const flat = letter.text === 'H' && isNumber(after, 4) && after?.gap === '';
    // A letter glued to the number, or a capital after a space (`12B`, `12 B`), but not `12 a` in `12 a dem`.
    if (!flat && (letter.gap === '' || /^\p{Lu}$/u.test(letter.text))) end++;
  }
  const h = tokens[end];
  if (h?.text === 'H' && h.type === 'word' && isNumber(tokens[end + 1], 4) && tokens[end + 1]?.gap === '') end += 2;
  if (tokens[end]?.type === 'number' && tokens[end]?.gap === '') return undefined; // a longer number, not a house
  return end;
}

/** A postcode and place right after an address (`, 4306 Sandnes`, ` 3802 Bø i Telemark`): the index after them. */
function postcodeAndPlace(tokens: readonly Token[], i: number): number {
  let k = i;
  if (tokens[k]?.text === ',' && tokens[k]?.gap === '') k++;
  const code = tokens[k];
  if (!code || !/^\s{1,2}$/.test(code.gap) || code.type !== 'number' || code.text.length !== 4) return i;
  let end = k + 1;
  if (!isCapitalised(tokens[end]) || !spaced(tokens[end])) return i;
  end++;
  // More words of the place: `Bø i Telemark`, `Mo i Rana`, `Nedre Eiker`.
  while (end < tokens.length && end < k + 5) {
    const t = tokens[end] as Token;
    if (spaced(t) && isCapitalised(t)) end++;
    else if (spaced(t) && t.lower === 'i' && isCapitalised(tokens[end + 1]) && spaced(tokens[end + 1])) end += 2;
    else break;
  }
  return end;
}

/** Words after which a capitalised name and a house number are an address, whatever the street is called. */
const CUES = [
  ['bor', 'i'],
  ['bor', 'på'],
  ['bur', 'i'],
  ['bur', 'på'],
  ['adresse'],
  ['adressen'],
  ['adressa'],
  ['adresse', 'er'],
  ['adressen', 'er'],
  ['adressa', 'er'],
  ['adressa', 'mi', 'er'],
  ['adressen', 'min', 'er'],
  ['hjemmeadresse'],
  ['flyttet', 'til'],
  ['flytta', 'til'],
  ['live', 'at'],
  ['address', 'is'],
];

/** After an address cue, one to three capitalised words ending at tokens[i]: where they begin. */
function cuedStreetStart(tokens: readonly Token[], i: number): number | undefined {
  if (!isCapitalised(tokens[i])) return undefined;
  let start = i;
  while (start > i - 2 && spaced(tokens[start]) && isCapitalised(tokens[start - 1])) start--;
  for (const cue of CUES) {
    const at = start - cue.length;
    const words = tokens.slice(at, start);
    if (at >= 0 && words.length === cue.length && words.every((w, n) => w.lower === cue[n]) && spaced(tokens[start]))
      return start;
  }
  return undefined;
}

/** A street name in lower case begun a word or two after an address cue (`bor i bjørnstjerne bjørnsons gate 12`). */
function backToCue(tokens: readonly Token[], start: number): number {
  for (let from = start - 1; from >= Math.max(0, start - 2); from--) {
    const t = tokens[from] as Token;
    if (t.type !== 'word' || !spaced(tokens[from + 1]) || NOT_STREET.has(t.lower)) return start;
    if (CUES.some((cue) => cue.every((w, n) => tokens[from - cue.length + n]?.lower === w))) return from;
  }
  return start;
}

export function findAddresses(text: string, tokensOf = tokenize): Span[] {
  if (!/\d/.test(text)) return [];
  const tokens = tokensOf(text);
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const afterNumber = houseNumber(tokens, i + 1);
    if (afterNumber === undefined) continue;
    const end = postcodeAndPlace(tokens, afterNumber);
    // A street's name, or any name after an address cue (`bor i Sæther Halvorsensgate 5`), whichever begins first;
    // or any name with a postcode and place after its number (`Duottarbálggis 6, 9520 Kautokeino`).
    const starts = [streetStart(tokens, i), cuedStreetStart(tokens, i)].filter((k) => k !== undefined);
    const placed = end > afterNumber && isCapitalised(t) && !notNames.has(t.lower) ? i : undefined;
    const found = t.lower === 'postboks' || t.lower === 'pb' ? i : starts.length ? Math.min(...starts) : placed;
    if (found === undefined) continue;
    const start = backToCue(tokens, found);
    spans.push({ start: (tokens[start] as Token).start, end: (tokens[end - 1] as Token).end, kind: 'adresse' });
    i = end - 1;
  }
  return spans;
}
