import { isAccountNumber, isFodselsnummer } from '../personal-numbers.ts';
import { matchesOf, type RedactionKind, type Span, spanOf } from './spans.ts';

// IBAN: its country letters glue to the digits, so it is found before the digit runs.

const IBAN = /(?<![\p{L}\p{M}])NO ?\d{2}(?:[ .]?\d){11}(?!\d)/giu;

export function findIbans(text: string): Span[] {
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
const INDIVIDUAL_NUMBER =
  /(?<![\p{L}\p{M}])(?:personnummer|personnummeret|personnr|pnr|individnummer)[.:]? ?\d{5}(?![\d\p{L}])/giu;

/** What every cue of INDIVIDUAL_NUMBER holds: a text without it is not searched with that slower expression. */
const INDIVIDUAL_CUE = /nr|nummer/i;

export function findNumbers(text: string): Span[] {
  const cued = INDIVIDUAL_CUE.test(text);
  const individual = (cued ? matchesOf(INDIVIDUAL_NUMBER, text) : []).map((m): Span => {
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
    const group: Group = {
      start,
      end: start + m[0].length,
      digits: m[0],
      sep: '',
      protected: false,
      gluedAfter: false,
    };
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
    let digits = 0;
    for (let j = i + 1; j <= run.length; j++) {
      digits += run[j - 1]?.digits.length ?? 0;
      if (digits > 12) break;
      // Only 11 digits, a phone's 8, or 10 or 12 with its country code can be anything.
      if (digits < 8 || digits === 9) continue;
      const window = windowOf(run.slice(i, j));
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

/**
 * Any 11 digits go, mistyped or not, except an amount in thousands (`12 000 000 000`); the checksums choose the label.
 */
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
  const countryCode =
    previous && !previous.protected && /^(?:00)?47$/.test(previous.digits) && /^[ .-]$/.test(groups[0]?.sep ?? '');
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
    Number(day) >= 1 &&
    Number(day) <= 31 &&
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    year >= '1900' &&
    year < '2100';
  return (
    valid(digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)) ||
    valid(digits.slice(6), digits.slice(4, 6), digits.slice(0, 4))
  );
}
