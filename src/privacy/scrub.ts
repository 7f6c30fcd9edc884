import { isAccountNumber, isFodselsnummer } from './personal-numbers.ts';

export type RedactionKind = 'fødselsnummer' | 'kontonummer' | 'personnummer?' | 'telefon' | 'e-post';

/** Every kind, in the order `redactions` lists them. */
export const REDACTION_KINDS: readonly RedactionKind[] = ['fødselsnummer', 'kontonummer', 'personnummer?', 'telefon', 'e-post'];

export interface ScrubResult {
  /** The comment with each removal replaced by a token naming its kind, e.g. `[telefon]`; all else exactly as typed. */
  text: string;
  /** The kinds removed, each once, in the order of REDACTION_KINDS. */
  redactions: RedactionKind[];
  /** How many removals of each kind; only kinds that occur. */
  removals: Partial<Record<RedactionKind, number>>;
}

interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
}

/** When spans overlap, the merged removal takes the first of these kinds present. */
const MERGE_PRIORITY: readonly RedactionKind[] = ['e-post', 'fødselsnummer', 'kontonummer', 'personnummer?', 'telefon'];

// A pass can join what a removal split apart (e.g. `a@b.no.c@d.no`); a few passes reach the fixed point.
const MAX_PASSES = 8;

export function scrub(text: string): ScrubResult {
  const removals: Partial<Record<RedactionKind, number>> = {};
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const spans = findPersonalData(current);
    if (spans.length === 0) break;
    for (const span of spans) removals[span.kind] = (removals[span.kind] ?? 0) + 1;
    current = replaceSpans(current, spans);
  }
  return { text: current, redactions: REDACTION_KINDS.filter((kind) => removals[kind] !== undefined), removals };
}

/** Spans of the original text to remove, merged and sorted. Detection runs on a normalized view of it. */
function findPersonalData(text: string): Span[] {
  const view = normalizedView(text);
  const emails = findEmails(view.text);
  const ibans = findIbans(masked(view.text, emails));
  const numbers = findNumbers(masked(view.text, [...emails, ...ibans]));
  const found = [...emails, ...ibans, ...numbers];
  const { from, to } = view;
  if (!from || !to) return mergeSpans(found);
  return mergeSpans(found.map((s) => ({ start: from[s.start] ?? 0, end: to[s.end - 1] ?? 0, kind: s.kind })));
}

/** Blanks out what an earlier detector took, so the digits in an e-mail address or IBAN are not counted twice. */
function masked(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + '\0'.repeat(end - start) + out.slice(end);
  return out;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (MERGE_PRIORITY.indexOf(span.kind) < MERGE_PRIORITY.indexOf(last.kind)) last.kind = span.kind;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

function replaceSpans(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += `${text.slice(at, span.start)}[${span.kind}]`;
    at = span.end;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------------------------------------------
// Normalized view: each code point of the original maps to zero or more characters, and each character back to
// the original code point it came from, so removals apply to the original and everything else stays as typed.

interface NormalizedView {
  text: string;
  /** For each character of `text`, the index in the original where its code point starts; absent if nothing changed. */
  from?: number[];
  /** For each character of `text`, the index in the original just after its code point; absent if nothing changed. */
  to?: number[];
}

// Characters the view maps to a space, to nothing, and to '-' (besides what NFKC does).
const SPACES = '\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000';
const ZERO_WIDTHS = '\u00AD\u200B-\u200D\u2060\uFEFF';
const DASHES = '\u2010-\u2015\u2212\uFE58\uFE63\uFF0D';
const UNICODE_SPACE = new RegExp(`^[${SPACES}]$`);
const ZERO_WIDTH = new RegExp(`^[${ZERO_WIDTHS}]$`);
const UNICODE_DASH = new RegExp(`^[${DASHES}]$`);
const SPECIAL = new RegExp(`[${SPACES}${ZERO_WIDTHS}${DASHES}]`);

function normalizeCodePoint(ch: string): string {
  // Below U+00A0 every character is its own normalization.
  if (ch.charCodeAt(0) < 0xa0) return ch;
  if (UNICODE_SPACE.test(ch)) return ' ';
  if (ZERO_WIDTH.test(ch)) return '';
  if (UNICODE_DASH.test(ch)) return '-';
  return ch.normalize('NFKC');
}

function normalizedView(original: string): NormalizedView {
  // Most comments are their own view: no special character, and already NFKC (so is each code point in them).
  if (!SPECIAL.test(original) && original.normalize('NFKC') === original) return { text: original };
  const from: number[] = [];
  const to: number[] = [];
  let text = '';
  let index = 0;
  for (const ch of original) {
    const normalized = normalizeCodePoint(ch);
    for (let k = 0; k < normalized.length; k++) {
      from.push(index);
      to.push(index + ch.length);
    }
    text += normalized;
    index += ch.length;
  }
  return { text, from, to };
}

/** The matches of a global regex, in order. (`matchAll` would copy the regex on every call.) */
function matchesOf(regex: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    found.push(m);
    if (m[0] === '') regex.lastIndex++;
  }
  regex.lastIndex = 0;
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail addresses, plain and disguised: `navn (at) domene.no`, `navn at domene dot no`, `navn krøllalfa domene
// punktum no`. Every quantified part is bounded by characters the next part cannot start with, so no backtracking
// blow-up.

const WORD = String.raw`\p{L}\p{M}\p{N}`;
const OPEN = String.raw`[(\[{<]`;
const CLOSE = String.raw`[)\]}>]`;
const DOT_WORD = String.raw` ?${OPEN} ?(?:dot|punktum|prikk) ?${CLOSE} ?| (?:dot|punktum|prikk) `;
const DOT = String.raw`\.| \. |${DOT_WORD}`;
const LOCAL_PART = String.raw`[${WORD}._%+\-]+`;
const LOCAL = String.raw`(?<![${WORD}._%+\-])(${LOCAL_PART}(?:(?:${DOT_WORD})${LOCAL_PART})*)`;
const DOMAIN = String.raw`((?:[${WORD}\-]+(?:${DOT}))+)`;
const AT = String.raw` ?@ ?| ?${OPEN} ?(?:at|@) ?${CLOSE} ?| (?:krøllalfa|alfakrøll) `;
const END = String.raw`(?![${WORD}])`;
const EMAIL = new RegExp(String.raw`${LOCAL}(?:${AT})${DOMAIN}\p{L}{2,}${END}`, 'giu');
// A bare `at` is also a Norwegian word ("jeg synes at nav.no ..."), so it needs a common TLD, and an address that is
// spelled out, a word like "e-post" just before it, or a local part that is not a word that often comes before "at".
const WORD_AT_EMAIL = new RegExp(String.raw`${LOCAL} at ${DOMAIN}(?:no|com|net|org|se|dk|nu|eu|io|info)${END}`, 'giu');
const EMAIL_CUE = /(?:e-?post|e-?mail|mail|adresse)/i;
const WORDS_BEFORE_THAT = new Set(
  ('synes syns tror mener vet visste ser så håper føler merker merket skjønner forstår sier sa betyr viser opplever ' +
    'tenker antar regner hører leser finner fant oppdaget oppdager beklager ønsker vil ville kan kunne skal må bør ' +
    'er var blir ble har hadde glad fint bra rart dumt synd trist viktig klart sikker enig slik for etter uten enn ' +
    'og men eller om nå da fordi siden derfor også bare ikke aldri alltid helt veldig ' +
    'look looking arrived arrive available is are was me us here there visit find found located').split(' '),
);

/** What every address above has in it: a cheap test that spares the two regexes most comments. */
const EMAIL_HINT = /@|at|krøllalfa|alfakrøll/iu;

function findEmails(text: string): Span[] {
  if (!EMAIL_HINT.test(text)) return [];
  const spans = matchesOf(EMAIL, text).map((m) => spanOf(m, 'e-post'));
  for (const m of matchesOf(WORD_AT_EMAIL, text)) if (looksLikeAddress(text, m)) spans.push(spanOf(m, 'e-post'));
  return spans;
}

function looksLikeAddress(text: string, match: RegExpMatchArray): boolean {
  const [, local = '', domain = ''] = match;
  const start = match.index ?? 0;
  const spelledOut = /[\s(\[{<]/.test(local + domain);
  const cue = EMAIL_CUE.test(text.slice(Math.max(0, start - 40), start));
  return spelledOut || cue || !WORDS_BEFORE_THAT.has(local.toLowerCase());
}

function spanOf(match: RegExpMatchArray, kind: RedactionKind): Span {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length, kind };
}

// ---------------------------------------------------------------------------------------------------------------
// IBAN: its country letters glue to the digits, so it is found before the digit runs.

const IBAN = /(?<![\p{L}\p{M}])NO ?\d{2}(?:[ .]?\d){11}(?!\d)/giu;

function findIbans(text: string): Span[] {
  return matchesOf(IBAN, text).map((m) => spanOf(m, 'kontonummer'));
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers: digit groups joined by single separators form a run; windows of consecutive groups are candidates.

interface Group {
  start: number;
  end: number;
  digits: string;
  /** The separator before this group inside its run: ' ', '.', '-', '/' or ':'. */
  sep: string;
  /** Part of a date with a four-digit year, a time or a case number, which are never personal numbers. */
  protected: boolean;
  /** A letter or digit follows directly (`12345678kr`). */
  gluedAfter: boolean;
}

interface Window {
  groups: readonly Group[];
  digits: string;
  /** Group sizes, e.g. `4,2,5`. */
  shape: string;
  /** The separators inside the window. */
  seps: ReadonlySet<string>;
  start: number;
  end: number;
}

const SEPARATOR = /^(?:[ \t]{1,2}|[ \t]?[.\-/:][ \t]?)$/;
/** Words a number may be glued to (`fnr01019012345`, `tlf91234567`, `telefonnummeret91234567`). */
const GLUE_WORD = /^(?:\p{L}*(?:nr|nummer|nummeret)|tlf|tel|telefon|mob|mobil|konto)$/iu;
/** In everyday Norwegian the last five digits alone are the "personnummer". */
const INDIVIDUAL_NUMBER = /(?<![\p{L}\p{M}])(?:personnummer|personnummeret|personnr|pnr|individnummer)[.:]? ?\d{5}(?![\d\p{L}])/giu;

function findNumbers(text: string): Span[] {
  const individual = matchesOf(INDIVIDUAL_NUMBER, text).map((m): Span => {
    const end = (m.index ?? 0) + m[0].length;
    return { start: end - 5, end, kind: 'personnummer?' };
  });
  return [...individual, ...digitRuns(text).flatMap((run) => candidatesInRun(text, run))];
}

const DIGITS = /\d+/g;

function digitRuns(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  for (const m of matchesOf(DIGITS, text)) {
    const start = m.index ?? 0;
    const group: Group = { start, end: start + m[0].length, digits: m[0], sep: '', protected: false, gluedAfter: false };
    const previous = run.at(-1);
    const gap = previous ? text.slice(previous.end, start) : '';
    if (previous && SEPARATOR.test(gap)) {
      group.sep = gap.trim() || ' ';
      run.push(group);
    } else {
      if (run.length > 0) runs.push(run);
      run = [group];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs.map((r) => unglued(text, r)).filter((r) => r.length > 0);
}

/**
 * A group glued to a letter or digit before it (`A12345678`) is part of a code and is dropped, unless the letters
 * are a word like `fnr` or `tlf`. Glue after the last group is kept as a flag: it blocks phones, not 11 digits.
 */
function unglued(text: string, run: Group[]): Group[] {
  const [first, last] = [run[0], run.at(-1)];
  if (!first || !last) return run;
  last.gluedAfter = /^[\p{L}\p{M}\p{N}]/u.test(text.slice(last.end, last.end + 2));
  const before = text.slice(Math.max(0, first.start - 32), first.start);
  const word = /[\p{L}\p{M}]*$/u.exec(before)?.[0] ?? '';
  const glued = word === '' ? /\p{N}$/u.test(before) : !GLUE_WORD.test(word);
  return glued ? run.slice(1) : run;
}

function candidatesInRun(text: string, run: readonly Group[]): Span[] {
  const spans = markProtected(run);
  for (let i = 0; i < run.length; i++) {
    for (let j = i + 1; j <= run.length; j++) {
      const window = windowOf(run.slice(i, j));
      if (window.digits.length > 12) break;
      const eleven = window.digits.length === 11 ? elevenDigitSpan(window) : undefined;
      const phone = phoneSpan(text, window, run[i - 1]);
      if (eleven) spans.push(eleven);
      if (phone) spans.push(phone);
    }
  }
  return spans;
}

function windowOf(groups: readonly Group[]): Window {
  return {
    groups,
    digits: groups.map((g) => g.digits).join(''),
    shape: groups.map((g) => g.digits.length).join(','),
    seps: new Set(groups.slice(1).map((g) => g.sep)),
    start: groups[0]?.start ?? 0,
    end: groups.at(-1)?.end ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What a run may hold besides personal numbers.

const isDay = (g: Group): boolean => g.digits.length <= 2 && Number(g.digits) >= 1 && Number(g.digits) <= 31;
const isMonth = (g: Group): boolean => g.digits.length <= 2 && Number(g.digits) >= 1 && Number(g.digits) <= 12;
const isYear = (g: Group): boolean => /^[12]\d{3}$/.test(g.digits);
const isModernYear = (g: Group): boolean => /^(?:19|20)\d\d$/.test(g.digits);

/**
 * Marks dates with a four-digit year (13.06.2018, 2018-06-23), times (08.00, 20:00) and case numbers (2024/01234-3)
 * as protected. A date with a four-digit year followed by the rest of a valid fødselsnummer is one, though.
 */
function markProtected(run: readonly Group[]): Span[] {
  const spans: Span[] = [];
  const protect = (from: number, count: number): void => {
    for (const g of run.slice(from, from + count)) g.protected = true;
  };
  run.forEach((_, k) => {
    const date = dateAt(run, k);
    if (date) protect(k, 3);
    const fnr = date === 'day first' ? fnrAfterDate(run, k) : undefined;
    if (fnr) spans.push(fnr);
    if (isTime(run, k)) protect(k, 2);
    protect(k, caseNumberLength(run, k));
  });
  return spans;
}

/** `13.06.2018` or `2018-06-23`: three groups from k with one kind of separator. */
function dateAt(run: readonly Group[], k: number): 'day first' | 'year first' | undefined {
  const [a, b, c] = [run[k], run[k + 1], run[k + 2]];
  if (!a || !b || !c || b.sep !== c.sep || !'.-/ '.includes(b.sep)) return undefined;
  if (isDay(a) && isMonth(b) && isYear(c)) return 'day first';
  return isYear(a) && isMonth(b) && isDay(c) ? 'year first' : undefined;
}

/** `01.01.1990 12345`: a birth date with the year in full, then the last five digits of a valid fødselsnummer. */
function fnrAfterDate(run: readonly Group[], k: number): Span | undefined {
  const [day, month, year, rest] = [run[k], run[k + 1], run[k + 2], run[k + 3]];
  if (!day || !month || !year || rest?.digits.length !== 5) return undefined;
  const digits = `${day.digits.padStart(2, '0')}${month.digits.padStart(2, '0')}${year.digits.slice(2)}${rest.digits}`;
  return isFodselsnummer(digits) ? { start: day.start, end: rest.end, kind: 'fødselsnummer' } : undefined;
}

/** How many groups from k make a case number (`2024/01234`, `23/01234`, `2024/01234-3` with a document number). */
function caseNumberLength(run: readonly Group[], k: number): number {
  const [a, b, c] = [run[k], run[k + 1], run[k + 2]];
  if (!a || b?.sep !== '/' || ![2, 4].includes(a.digits.length) || b.digits.length < 3 || b.digits.length > 7) return 0;
  return c?.sep === '-' && c.digits.length <= 3 ? 3 : 2;
}

/** `08.00`, `20:00`, but not two groups of a dotted chain like `01.01.90`. */
function isTime(run: readonly Group[], k: number): boolean {
  const [a, b, c] = [run[k], run[k + 1], run[k + 2]];
  if (!a || !b || (b.sep !== '.' && b.sep !== ':')) return false;
  const inChain = (k > 0 && a.sep === b.sep) || c?.sep === b.sep;
  return !inChain && a.digits.length <= 2 && Number(a.digits) <= 23 && b.digits.length === 2 && Number(b.digits) <= 59;
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates.

/** Any 11 digits go, mistyped or not, except an amount in thousands (`12 000 000 000`); the checksums choose the label. */
function elevenDigitSpan(window: Window): Span | undefined {
  const amount = window.shape === '2,3,3,3' && window.seps.size === 1 && !window.seps.has('-');
  if (amount || window.groups.some((g) => g.protected) || window.seps.has(':')) return undefined;
  return { start: window.start, end: window.end, kind: elevenDigitKind(window) };
}

function elevenDigitKind({ shape, digits }: Window): RedactionKind {
  if (shape === '4,2,5') return 'kontonummer';
  if (isFodselsnummer(digits)) return 'fødselsnummer';
  return isAccountNumber(digits) ? 'kontonummer' : 'personnummer?';
}

const INTERNATIONAL_PHONE = /^(?:47|0047)[2-9]\d{7}$/;
const AMOUNT_AFTER = /^ ?(?:,-|,\d\d?(?![ \t]*[.\-/:]?[ \t]*\d)|(?:kr|kroner|krone|nok)(?![\p{L}\p{M}]))/iu;
const AMOUNT_BEFORE = /(?:^|[^\p{L}\p{M}])(?:kr|nok)\.? ?$/iu;
const POST_BOX_BEFORE = /(?:^|[^\p{L}\p{M}])(?:postboks|boks|pb)\.? ?$/iu;

/** A phone number, with the country code in the group before it (`+47 912 34 567`, `0047 91234567`) if there is one. */
function phoneSpan(text: string, window: Window, previous: Group | undefined): Span | undefined {
  const { groups, digits } = window;
  if (groups.some((g) => g.protected) || groups.at(-1)?.gluedAfter) return undefined;
  const international = groups.length === 1 && INTERNATIONAL_PHONE.test(digits);
  if (!international && !isPhoneShaped(text, window)) return undefined;
  const countryCode = previous && !previous.protected && /^(?:00)?47$/.test(previous.digits) && /^[ .-]$/.test(groups[0]?.sep ?? '');
  const start = countryCode ? previous.start : window.start;
  return { start: text[start - 1] === '+' ? start - 1 : start, end: window.end, kind: 'telefon' };
}

/**
 * Eight digits, the first from 2 to 9, in any grouping with one kind of separator, unless the number reads as an
 * amount, a compact date, a year with a number or a range of them, or a post box with its postcode.
 */
function isPhoneShaped(text: string, { groups, digits, shape, seps, start, end }: Window): boolean {
  const sep = [...seps][0] ?? '';
  if (digits.length !== 8 || !/^[2-9]/.test(digits) || seps.size > 1 || sep === '/' || sep === ':') return false;
  const before = text.slice(Math.max(0, start - 12), start);
  if (AMOUNT_AFTER.test(text.slice(end, end + 12)) || AMOUNT_BEFORE.test(before)) return false;
  if (groups.length === 1) return !isCompactDate(digits) && !digits.endsWith('00000');
  if (shape === '2,3,3') return !digits.endsWith('000');
  if (shape === '4,4') return sep !== '-' && !groups.every(isModernYear) && !POST_BOX_BEFORE.test(before);
  return !groups.some(isModernYear);
}

/** `23062018` or `20180623`. */
function isCompactDate(digits: string): boolean {
  const valid = (day: string, month: string, year: string): boolean =>
    Number(day) >= 1 && Number(day) <= 31 && Number(month) >= 1 && Number(month) <= 12 && year >= '1900' && year < '2100';
  return valid(digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)) || valid(digits.slice(6), digits.slice(4, 6), digits.slice(0, 4));
}
