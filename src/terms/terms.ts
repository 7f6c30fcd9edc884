import { readFileSync } from 'node:fs';
import { projectRoot } from '../paths.ts';
import { stem } from './stem.ts';

/**
 * What a comment is about, as fantdu counts it: its terms (the stems of its words and of its two-word phrases, once
 * each, without stop words), the written form of each, and its words as stems in order (for theme words, which may be
 * phrases). Made from the scrubbed comment, kept beside it by every write that stores or changes a comment.
 */
export interface CommentTerms {
  /** Stems of words ("åpningstid") and phrases ("åpningstid bibliotek"), once each, in order of first use. */
  terms: string[];
  /** The form each term was first written in, lower case ("åpningstidene", "åpningstidene biblioteket"). */
  forms: string[];
  /**
   * Every word as its stem, stop words too, between spaces; " | " where a clause or a removal breaks them, " ? "
   * after a question.
   */
  stems: string;
}

function list(name: string): string[] {
  const text = readFileSync(new URL(`src/terms/lists/${name}.txt`, projectRoot), 'utf8');
  return text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => line.split(/\s+/))
    .filter(Boolean);
}

/**
 * A word's stem for terms: Snowball's, and then without a last "a", which Snowball leaves on words whose base form
 * ends in one (skjema -> skjem, but skjemaet -> skjema; tema, firma, data likewise), so that those join too.
 */
export function termStem(word: string): string {
  const s = stem(word);
  return s.length > 3 && s.endsWith('a') ? s.slice(0, -1) : s;
}

/** Function words, compared as written: left out of terms, kept in `stems` (a theme phrase may hold one). */
export const stopWords: ReadonlySet<string> = new Set(list('stop-words'));
/** Words nearly every answer uses (finne, side, informasjon), compared by stem. */
const feedbackStems: ReadonlySet<string> = new Set(list('feedback-words').map(termStem));

/** At most this many terms are kept of one comment (a long one repeats itself long before). */
export const maxTerms = 100;

/** Removal tokens ([telefon]), web addresses and punctuation end a phrase; words may hold - and '. */
const PIECE = /(\[[^\]\s]{1,30}\]|(?:https?:\/\/|www\.)\S+)|([\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*)|([^\s])/gu;

/** Lower case, and the few ways of writing a letter that would split a term (é as e, ’ as '). */
const normalize = (word: string) => word.toLowerCase().replace(/’/g, "'").replace(/[éèê]/g, 'e').replace(/[óòô]/g, 'o');

/** A word that may be a term: two letters or more, not all digits, not absurdly long. */
const countable = (word: string) => word.length >= 2 && word.length <= 40 && !/^[\d'-]+$/.test(word);

export function termsOf(comment: string): CommentTerms {
  const terms: string[] = [];
  const forms: string[] = [];
  const seen = new Set<string>();
  const add = (term: string, form: string) => {
    if (seen.has(term) || terms.length >= maxTerms) return;
    seen.add(term);
    terms.push(term);
    forms.push(form);
  };
  const stems: string[] = [];
  let previous: { stem: string; form: string } | undefined;
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(comment); m !== null; m = PIECE.exec(comment)) {
    const [, breaking, word] = m;
    if (word === undefined) {
      // Punctuation that only joins (a hyphen alone, a slash) is not a break; the rest is, and a question mark is
      // kept as one (a theme may ask for questions).
      if (breaking !== undefined || !/^[-/&+]$/.test(m[0])) {
        const mark = m[0] === '?' ? '?' : '|';
        if (stems.at(-1) === '|') stems.pop();
        if (stems.at(-1) !== '?') stems.push(mark);
        previous = undefined;
      }
      continue;
    }
    const form = normalize(word);
    const wordStem = termStem(form);
    stems.push(wordStem);
    if (!countable(form) || stopWords.has(form) || feedbackStems.has(wordStem)) {
      previous = undefined;
      continue;
    }
    if (previous) add(`${previous.stem} ${wordStem}`, `${previous.form} ${form}`);
    add(wordStem, form);
    previous = { stem: wordStem, form };
  }
  while (stems.at(-1) === '|') stems.pop();
  if (stems[0] === '|') stems.shift();
  return { terms, forms, stems: ` ${stems.join(' ')} ` };
}

/**
 * A theme's word as a LIKE pattern over `stems`: the stems of its words in order, as whole words; a last word ending
 * in `*` matches every word that begins so (feil* matches feilmelding); "?" matches a question mark. Undefined for a
 * word with nothing to match.
 */
export function themeWordPattern(word: string): string | undefined {
  if (word.trim() === '?') return '% ? %';
  const words = normalize(word).match(/[\p{L}\p{M}\p{N}]+(?:['-][\p{L}\p{M}\p{N}]+)*/gu);
  if (!words) return undefined;
  const prefix = /\*\s*$/.test(word);
  const last = words.length - 1;
  const parts = words.map((w, i) => (i === last && prefix ? `${w}%` : `${termStem(w)} `));
  return `% ${parts.join('')}${prefix ? '' : '%'}`;
}

/** The columns kept beside a comment in `feedback`: its terms, or nulls when there is no comment. */
export function termColumns(comment: string | null): {
  terms: string[] | null;
  forms: string[] | null;
  stems: string | null;
} {
  return comment === null ? { terms: null, forms: null, stems: null } : termsOf(comment);
}

/** The term a written term is (as the terms list shows it: "åpningstidene", "åpningstider biblioteket"), or ''. */
export function termKey(written: string): string {
  const { terms } = termsOf(written);
  return terms.find((t) => t.includes(' ')) ?? terms[0] ?? '';
}
