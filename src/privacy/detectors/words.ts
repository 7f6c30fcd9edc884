import { readFileSync } from 'node:fs';
import { projectRoot } from '../../paths.ts';

/** A list in src/privacy/names/ (one entry a line, `#` lines are comments), in lower case. */
function list(name: string): Set<string> {
  const text = readFileSync(new URL(`src/privacy/names/${name}.txt`, projectRoot), 'utf8');
  const entries = text.split('\n').map((line) => line.trim());
  return new Set(entries.filter((line) => line && !line.startsWith('#')).map((line) => line.toLowerCase()));
}

/** Given names common in Norway (Statistics Norway's figures), and those that are also ordinary words. */
export const givenNames = list('given-names');
export const ambiguousGivenNames = list('given-names-ambiguous');
export const surnames = list('surnames');
/** Places, bodies, services, days, titles and sentence starts: never a person's name on their own. */
export const notNames = list('not-names');
/** The longest entry of notNames, in words. */
export const longestNotName = Math.max(...[...notNames].map((entry) => entry.split(' ').length));

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** A word (letters, with hyphens or apostrophes inside), a number, or one other character. */
  type: 'word' | 'number' | 'other';
  /** What lies between the previous token and this one (spaces, line breaks). */
  gap: string;
  /** A word capitalised as a name is: see isCapitalised. */
  capitalised: boolean;
}

const TOKEN = /([\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*)|(\d+)|(\S)/gu;

/** A capital, then at least one small letter, and no two capitals together (not NAV, not BankID's inner capitals). */
const nameCase = (word: string) => /^\p{Lu}\p{Ll}/u.test(word) && !/\p{Lu}{2}/u.test(word);

/** The text as words, numbers and other characters, with their places: linear in the text's length. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const [whole, word, number] = m;
    const type = word !== undefined ? 'word' : number !== undefined ? 'number' : 'other';
    tokens.push({
      text: whole,
      lower: whole.toLowerCase(),
      start: m.index,
      end: m.index + whole.length,
      type,
      gap: text.slice(last, m.index),
      capitalised: type === 'word' && nameCase(whole),
    });
    last = m.index + whole.length;
  }
  return tokens;
}

/** Capitalised as a name is (decided once, when the text is tokenized: detectors ask it of a token many times). */
export const isCapitalised = (t: Token | undefined): boolean => t?.capitalised === true;
