import { type Lang, langs, locales } from '../values.ts';
import { en } from './texts/en.ts';
import { type AdminTexts, nb } from './texts/nb.ts';
import { nn } from './texts/nn.ts';

export type { AdminTexts };

/** A noun's forms after a count: `one` after 1, `other` after 0, 2, 1,5 ... (the two plural forms of nb, nn and en). */
export interface Plural {
  one: string;
  other: string;
}
export const adminTexts: Record<Lang, AdminTexts> = { nb, nn, en };

/** What the views of one language need: its texts, and numbers, times and order as its readers write them. */
export interface Words {
  lang: Lang;
  t: AdminTexts;
  /** `12 345` (nb, nn) or `12,345` (en). */
  count: (n: number) => string;
  /** A count and the noun in its form for it: `1 kommentar`, `0 kommentarer`, `12 345 kommentarer`. */
  plural: (n: number, forms: Plural) => string;
  /** A rate to one decimal: `1,5` or `1.5`. */
  rate: (n: number) => string;
  /** A whole percent: `67 %` (nb, nn) or `67%` (en). */
  percent: (percent: number) => string;
  /** A moment in Oslo time: `23.11.2026, 17:40` or `23/11/2026, 17:40`. */
  dateTime: (iso: string) => string;
  /** A calendar day `2026-11-23`: `23.11.2026` or `23/11/2026`. */
  day: (day: string) => string;
  /** A calendar day without its year: `23.11.` or `23/11`. */
  dayMonth: (day: string) => string;
  /** The month a calendar day is in: `nov. 2026` or `Nov 2026`. */
  month: (day: string) => string;
  /** Sorts names in the language's order (æ, ø, å after z in nb and nn). */
  compare: (a: string, b: string) => number;
}

const plainDay = (day: string) => new Date(`${day}T00:00:00Z`);

function wordsFor(lang: Lang): Words {
  const locale = locales[lang];
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: 'Europe/Oslo',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  // Calendar days are dates without a time: read and written in UTC, so no time zone moves them.
  const day = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
  const month = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const collator = new Intl.Collator(locale);
  const pluralRules = new Intl.PluralRules(locale, { maximumFractionDigits: 0 }); // as `whole` writes the count
  return {
    lang,
    t: adminTexts[lang],
    count: (n) => whole.format(n),
    plural: (n, forms) => `${whole.format(n)} ${pluralRules.select(n) === 'one' ? forms.one : forms.other}`,
    rate: (n) => oneDecimal.format(n),
    percent: (p) => percent.format(p / 100),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    day: (d) => day.format(plainDay(d)),
    // Written out: Intl drops the day's 0 in nb-NO's day and month (`4.11.`), though not in its full date.
    dayMonth: (d) => (lang === 'en' ? `${d.slice(8, 10)}/${d.slice(5, 7)}` : `${d.slice(8, 10)}.${d.slice(5, 7)}.`),
    month: (d) => month.format(plainDay(d)),
    compare: collator.compare,
  };
}

/** Made once for each language. */
export const words: Record<Lang, Words> = Object.fromEntries(langs.map((lang) => [lang, wordsFor(lang)])) as Record<
  Lang,
  Words
>;

/** The text a table of texts has for a key of the data (an audit action, a field), or undefined. */
export const textFor = <T extends object>(table: T, key: string): string | undefined =>
  Object.hasOwn(table, key) ? String(table[key as keyof T]) : undefined;
