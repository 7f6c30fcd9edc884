import { matchesOf, type Span, spanOf } from './spans.ts';

/**
 * Vehicle registrations (PRIVACY-RULES.md rule 12): two capital letters and four or five digits, with or without a
 * space or dash (`AB 12345`, `EL12345`, `DN-1234`). Anyone can look a plate up and find its owner.
 */
const PLATE = /(?<![\p{L}\p{N}]|[\p{L}\p{N}]-)([A-Z]{2})[ -]?\d{4,5}(?![\p{L}\p{N}]|[.,/:-]\d)/gu;
/** Two capitals before a number that are not a plate: the EU's years, an ID, a standard (NS 3420), a time. */
const NOT_PLATES = new Set(['EU', 'ID', 'NR', 'PC', 'OK', 'KL', 'NS', 'NO']);

export function findPlates(text: string): Span[] {
  return matchesOf(PLATE, text)
    .filter((m) => !NOT_PLATES.has(m[1] as string))
    .map((m) => spanOf(m, 'bilnummer'));
}
