// Normalized view: each code point of the original maps to zero or more characters, and each character back to
// the original code point it came from, so removals apply to the original and everything else stays as typed.

export interface NormalizedView {
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

export function normalizedView(original: string): NormalizedView {
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
