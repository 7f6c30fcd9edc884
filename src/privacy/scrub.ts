import { findAddresses } from './detectors/addresses.ts';
import { findEmails } from './detectors/emails.ts';
import { findNames } from './detectors/names.ts';
import { normalizedView } from './detectors/normalized-view.ts';
import { findIbans, findNumbers } from './detectors/numbers.ts';
import { findPlates } from './detectors/plates.ts';
import type { RedactionKind, Span } from './detectors/spans.ts';
import { type Token, tokenize } from './detectors/words.ts';

export type { RedactionKind };

/** Every kind, in the order `redactions` lists them. */
export const REDACTION_KINDS: readonly RedactionKind[] = [
  'fødselsnummer',
  'kontonummer',
  'personnummer?',
  'telefon',
  'e-post',
  'navn',
  'adresse',
  'bilnummer',
];

export interface ScrubResult {
  /** The comment with each removal replaced by a token naming its kind, e.g. `[telefon]`; all else exactly as typed. */
  text: string;
  /** The kinds removed, each once, in the order of REDACTION_KINDS. */
  redactions: RedactionKind[];
  /** How many removals of each kind; only kinds that occur. */
  removals: Partial<Record<RedactionKind, number>>;
}

/** When spans overlap, the merged removal takes the first of these kinds present. */
const MERGE_PRIORITY: readonly RedactionKind[] = [
  'e-post',
  'fødselsnummer',
  'kontonummer',
  'personnummer?',
  'telefon',
  'bilnummer',
  'adresse',
  'navn',
];

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

/**
 * Spans of the original text to remove, merged and sorted. Detection runs on a normalized view of it, each detector
 * on what the ones before it left: e-mails, IBANs, numbers, plates, addresses, then names.
 */
function findPersonalData(text: string): Span[] {
  const view = normalizedView(text);
  const found: Span[] = [];
  const tokensOf = lastTokens();
  for (const detect of detectors) found.push(...detect(found.length ? masked(view.text, found) : view.text, tokensOf));
  const { from, to } = view;
  if (!from || !to) return mergeSpans(found);
  return mergeSpans(found.map((s) => ({ start: from[s.start] ?? 0, end: to[s.end - 1] ?? 0, kind: s.kind })));
}

const detectors: ((text: string, tokensOf: (text: string) => Token[]) => Span[])[] = [
  findEmails,
  findIbans,
  findNumbers,
  findPlates,
  findAddresses,
  findNames,
];

/** Tokenize, keeping the last text's tokens: addresses and names read the same text when addresses find none. */
function lastTokens(): (text: string) => Token[] {
  let last: { text: string; tokens: Token[] } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, tokens: tokenize(text) };
    return last.tokens;
  };
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
