/** The kinds of personal data the scrubber removes, each named by its token (`[telefon]`). */
export type RedactionKind =
  | 'fødselsnummer'
  | 'kontonummer'
  | 'personnummer?'
  | 'telefon'
  | 'e-post'
  | 'navn'
  | 'adresse'
  | 'bilnummer';

/** A stretch of text to remove, and what it is. */
export interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
}

/** The matches of a global regex, in order. (`matchAll` would copy the regex on every call.) */
export function matchesOf(regex: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    found.push(m);
    if (m[0] === '') regex.lastIndex++;
  }
  regex.lastIndex = 0;
  return found;
}

export function spanOf(match: RegExpMatchArray, kind: RedactionKind): Span {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length, kind };
}
