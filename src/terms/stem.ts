/**
 * The Snowball stemmer for Norwegian (snowballstem.org, norwegian.sbl), the one Postgres's `norwegian` text search
 * configuration uses; test/integration/stem.test.ts holds the two to the same stems. It works for bokmål and nynorsk
 * alike: åpningstid, åpningstiden, åpningstider, åpningstidene and åpningstida all become "åpningstid".
 */

const vowels = new Set('aeiouyæåø');
const sEndings = new Set('bcdfghjlmnoprtvyz');

/** Suffixes of step 1, longest first; each deleted when it lies in R1. */
const mainSuffixes = [
  'hetenes',
  'hetene',
  'hetens',
  'heten',
  'heter',
  'endes',
  'ande',
  'ende',
  'edes',
  'enes',
  'erte',
  'ede',
  'ane',
  'ene',
  'ens',
  'ers',
  'ets',
  'het',
  'ast',
  'ert',
  'en',
  'ar',
  'er',
  'as',
  'es',
  'et',
  'a',
  'e',
  's',
];
const otherSuffixes = ['hetslov', 'eleg', 'elig', 'elov', 'slov', 'leg', 'eig', 'lig', 'els', 'lov', 'ig'];

/** R1: after the first non-vowel that follows a vowel, but not before the fourth letter. */
function regionStart(word: string): number {
  let i = 0;
  while (i < word.length && !vowels.has(word[i] as string)) i++;
  while (i < word.length && vowels.has(word[i] as string)) i++;
  if (i >= word.length) return word.length;
  return Math.max(i + 1, 3);
}

function mainSuffix(word: string, r1: number): string {
  for (const suffix of mainSuffixes) {
    if (!word.endsWith(suffix) || word.length - suffix.length < r1) continue;
    const stem = word.slice(0, -suffix.length);
    if (suffix === 'erte' || suffix === 'ert') return `${stem}er`;
    if (suffix !== 's') return stem;
    const before = stem.at(-1) ?? '';
    const sEnding = sEndings.has(before) || (before === 'k' && stem.length >= 2 && !vowels.has(stem.at(-2) as string));
    return sEnding ? stem : word;
  }
  return word;
}

/** A word in lower case, stemmed. Words of fewer than three letters are left as they are. */
export function stem(word: string): string {
  if (word.length < 3) return word;
  const r1 = regionStart(word);
  let w = mainSuffix(word, r1);
  if ((w.endsWith('dt') || w.endsWith('vt')) && w.length - 2 >= r1) w = w.slice(0, -1);
  for (const suffix of otherSuffixes) {
    if (w.endsWith(suffix) && w.length - suffix.length >= r1) return w.slice(0, -suffix.length);
  }
  return w;
}
