import { matchesOf, type Span, spanOf } from './spans.ts';

// E-mail addresses, plain and disguised: `navn (at) domene.no`, `navn at domene dot no`, `navn krøllalfa domene
// punktum no`. Every quantified part is bounded by characters the next part cannot start with, so no backtracking
// blow-up.

const WORD = String.raw`\p{L}\p{M}\p{N}`;
const OPEN = String.raw`[(\[{<]`;
const CLOSE = String.raw`[)\]}>]`;
const DOT_WORD = ` ?${OPEN} ?(?:dot|punktum|prikk) ?${CLOSE} ?| (?:dot|punktum|prikk) `;
const DOT = String.raw`\.| \. |${DOT_WORD}`;
const LOCAL_PART = String.raw`[${WORD}._%+\-]+`;
const LOCAL = String.raw`(?<![${WORD}._%+\-])(${LOCAL_PART}(?:(?:${DOT_WORD})${LOCAL_PART})*)`;
const DOMAIN = String.raw`((?:[${WORD}\-]+(?:${DOT}))+)`;
const AT = ` ?@ ?| ?${OPEN} ?(?:at|@) ?${CLOSE} ?| (?:krøllalfa|alfakrøll) `;
const END = `(?![${WORD}])`;
const EMAIL = new RegExp(String.raw`${LOCAL}(?:${AT})${DOMAIN}\p{L}{2,}${END}`, 'giu');
// A bare `at` is also a Norwegian word ("jeg synes at nav.no ..."), so it needs a common TLD, and an address that is
// spelled out, a word like "e-post" just before it, or a local part that is not a word that often comes before "at".
const WORD_AT_EMAIL = new RegExp(`${LOCAL} at ${DOMAIN}(?:no|com|net|org|se|dk|nu|eu|io|info)${END}`, 'giu');
const EMAIL_CUE = /(?:e-?post|e-?mail|mail|adresse)/i;
const WORDS_BEFORE_THAT = new Set(
  (
    'synes syns tror mener vet visste ser så håper føler merker merket skjønner forstår sier sa betyr viser opplever ' +
    'tenker antar regner hører leser finner fant oppdaget oppdager beklager ønsker vil ville kan kunne skal må bør ' +
    'er var blir ble har hadde glad fint bra rart dumt synd trist viktig klart sikker enig slik for etter uten enn ' +
    'og men eller om nå da fordi siden derfor også bare ikke aldri alltid helt veldig ' +
    'look looking arrived arrive available is are was me us here there visit find found located'
  ).split(' '),
);

/** What every address above has in it: a cheap test that spares the two regexes most comments. */
const EMAIL_HINT = /@|at|krøllalfa|alfakrøll/iu;

export function findEmails(text: string): Span[] {
  if (!EMAIL_HINT.test(text)) return [];
  const spans = matchesOf(EMAIL, text).map((m) => spanOf(m, 'e-post'));
  for (const m of matchesOf(WORD_AT_EMAIL, text)) if (looksLikeAddress(text, m)) spans.push(spanOf(m, 'e-post'));
  return spans;
}

function looksLikeAddress(text: string, match: RegExpMatchArray): boolean {
  const [, local = '', domain = ''] = match;
  const start = match.index ?? 0;
  const spelledOut = /[\s([{<]/.test(local + domain);
  const cue = EMAIL_CUE.test(text.slice(Math.max(0, start - 40), start));
  return spelledOut || cue || !WORDS_BEFORE_THAT.has(local.toLowerCase());
}
