import { describe, expect, it } from 'vitest';
import { adminTexts, words } from '../../src/admin/words.ts';
import { langs } from '../../src/values.ts';

type Texts = (typeof adminTexts)['nb'];

/** Every text of a table with where it sits (`layout.signOut`); a function is called with ARG0, ARG1, ... */
function entries(value: unknown, at = ''): [path: string, text: string, args: string[]][] {
  if (typeof value === 'string') return [[at, value, []]];
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, i) => `ARG${i}`);
    return [[at, String(value(...args)), args]];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => entries(v, `${at}.${i}`));
  return Object.entries(value as object).flatMap(([key, v]) => entries(v, at ? `${at}.${key}` : key));
}

const textAt = (texts: Texts, path: string) => new Map(entries(texts).map(([p, text]) => [p, text])).get(path);

describe('the texts of /admin', () => {
  it('have the same keys in all three languages (as the compiler also holds them)', () => {
    const keys = (texts: Texts) => entries(texts).map(([path]) => path);
    expect(keys(adminTexts.nn)).toEqual(keys(adminTexts.nb));
    expect(keys(adminTexts.en)).toEqual(keys(adminTexts.nb));
  });

  it('use every value they are given, in every language', () => {
    for (const lang of langs)
      for (const [path, text, args] of entries(adminTexts[lang]))
        for (const arg of args)
          expect({ lang, path, text }).toEqual({ lang, path, text: expect.stringContaining(arg) });
  });

  // Words that differ between the written forms, so nynorsk and English cannot be bokmål passed off.
  const differ = [
    'layout.tagline',
    'layout.signedInAs',
    'layout.sites',
    'layout.notifications',
    'layout.changePassword',
    'layout.skip',
    'login.intro',
    'problems.csrf',
    'errorPage.byStatus.404.0',
    'errorPage.byStatus.500.1',
    'errorPage.toSites',
    'sites.title',
    'sites.none',
    'counts.days.other',
    'period.own',
    'siteReport.views',
    'siteReport.viewsNote',
    'siteReport.download',
    'pageReport.feedback',
    'pageReport.intervals.week',
    'pageReport.none',
    'comments.heading',
    'delete.forGood',
    'audit.intro',
    'audit.actions.feedback.export',
    'audit.actions.retention.purge',
    'audit.actions.comments.rescrub',
    'lookingFor.heading',
    'lookingFor.intro',
    'notifications.title',
    'notifications.noneWatched',
    'notifications.language',
    'watch.start',
    'notices.feedbackDeleted',
    'notices.saved',
    'themes.wordsHelp',
    'counts.comments.other',
    'chart.numbers',
  ];
  it.each(differ)('%s is its own in nynorsk and in English', (path) => {
    const [nb, nn, en] = [adminTexts.nb, adminTexts.nn, adminTexts.en].map((t) => textAt(t, path));
    expect(nb).toBeTypeOf('string');
    expect(nn).not.toBe(nb);
    expect(en).not.toBe(nb);
    expect(en).not.toBe(nn);
  });

  it('are nynorsk in nynorsk: no bokmål-only word anywhere, and "blir", not "vert"', () => {
    const bokmål = new RegExp(
      `(?<!\\p{L})(${[
        ...['ikke', 'hva', 'hvem', 'hvordan', 'hvis', 'fra', 'bare', 'egen', 'egne', 'noe', 'noen', 'jeg', 'mer'],
        ...['ennå', 'ble', 'blitt', 'vert', 'vart', 'siden', 'nettsted', 'nettsteder', 'nettstedene', 'dager'],
        ...['tilbakemeldinger', 'tilbakemeldingene', 'kommentarer', 'kommentarene', 'tjeneste', 'tjenesten'],
        ...['valgene', 'uke', 'uken', 'måned', 'visninger'],
      ].join('|')})(?!\\p{L})`,
      'iu',
    );
    // The same test finds bokmål in the bokmål texts: it can fail.
    expect(entries(adminTexts.nb).filter(([, text]) => bokmål.test(text)).length).toBeGreaterThan(50);
    const found = entries(adminTexts.nn).filter(([, text]) => bokmål.test(text));
    expect(found).toEqual([]);
  });

  it('are English in English: no æ, ø or å', () => {
    expect(entries(adminTexts.en).filter(([, text]) => /[æøå]/i.test(text))).toEqual([]);
  });

  it('put no count before a noun of their own: the noun after a count comes from counts, in its form for it', () => {
    for (const lang of langs) {
      const nouns = Object.values(adminTexts[lang].counts).flatMap((forms) => [forms.one, forms.other]);
      const fixed = new RegExp(`ARG\\d+ (${nouns.join('|')})(?!\\p{L})`, 'u');
      const found = entries(adminTexts[lang]).filter(([, text]) => fixed.test(text));
      expect({ lang, found }).toEqual({ lang, found: [] });
    }
  });

  it('say the language the mails come in, each in its own language', () => {
    expect(adminTexts.nb.notifications.language).toContain('bokmål');
    expect(adminTexts.nn.notifications.language).toContain('nynorsk');
    expect(adminTexts.en.notifications.language).toContain('English');
  });
});

describe('words: numbers, times and order as each language writes them', () => {
  const at = '2026-11-23T16:40:00Z';
  it.each([
    ['nb', '23.11.2026, 17:40', '23.11.2026', '23.11.', 'nov. 2026', '12\u00a0345', '1,5', '67\u00a0%'],
    ['nn', '23.11.2026, 17:40', '23.11.2026', '23.11.', 'nov. 2026', '12\u00a0345', '1,5', '67\u00a0%'],
    ['en', '23/11/2026, 17:40', '23/11/2026', '23/11', 'Nov 2026', '12,345', '1.5', '67%'],
  ] as const)('%s', (lang, dateTime, day, dayMonth, month, count, rate, percent) => {
    const w = words[lang];
    expect(w.lang).toBe(lang);
    expect(w.t).toBe(adminTexts[lang]);
    expect(w.dateTime(at)).toBe(dateTime);
    expect(w.day('2026-11-23')).toBe(day);
    expect(w.dayMonth('2026-11-23')).toBe(dayMonth);
    expect(w.dayMonth('2026-01-04')).toBe(lang === 'en' ? '04/01' : '04.01.');
    expect(w.day('2026-01-04')).toBe(lang === 'en' ? '04/01/2026' : '04.01.2026');
    expect(w.month('2026-11-01')).toBe(month);
    expect(w.count(12345)).toBe(count);
    expect(w.rate(1.5)).toBe(rate);
    expect(w.percent(67)).toBe(percent);
  });

  // Each noun of counts after 0, 1 and 2: Intl.PluralRules' "one" is 1 alone in all three languages.
  it.each([
    ['nb', 'comments', '0 kommentarer', '1 kommentar', '2 kommentarer'],
    ['nb', 'answers', '0 svar', '1 svar', '2 svar'],
    ['nb', 'minutes', '0 minutter', '1 minutt', '2 minutter'],
    ['nb', 'characters', '0 tegn', '1 tegn', '2 tegn'],
    ['nb', 'days', '0 dager', '1 dag', '2 dager'],
    ['nn', 'comments', '0 kommentarar', '1 kommentar', '2 kommentarar'],
    ['nn', 'answers', '0 svar', '1 svar', '2 svar'],
    ['nn', 'minutes', '0 minutt', '1 minutt', '2 minutt'],
    ['nn', 'characters', '0 teikn', '1 teikn', '2 teikn'],
    ['nn', 'days', '0 dagar', '1 dag', '2 dagar'],
    ['en', 'comments', '0 comments', '1 comment', '2 comments'],
    ['en', 'answers', '0 answers', '1 answer', '2 answers'],
    ['en', 'minutes', '0 minutes', '1 minute', '2 minutes'],
    ['en', 'characters', '0 characters', '1 character', '2 characters'],
    ['en', 'days', '0 days', '1 day', '2 days'],
  ] as const)('%s: %s after 0, 1 and 2', (lang, noun, zero, one, two) => {
    const w = words[lang];
    expect([0, 1, 2].map((n) => w.plural(n, w.t.counts[noun]))).toEqual([zero, one, two]);
  });

  it('writes a count before its noun as the language writes numbers, the noun as the count is written', () => {
    expect(words.nb.plural(12345, words.nb.t.counts.comments)).toBe('12\u00a0345 kommentarer');
    expect(words.en.plural(12345, words.en.t.counts.comments)).toBe('12,345 comments');
    // The form is chosen for the count as written: 1,4 is written 1.
    expect(words.nb.plural(1.4, words.nb.t.counts.days)).toBe('1 dag');
    expect(words.en.plural(1.5, words.en.t.counts.days)).toBe('2 days');
  });

  it('makes whole sentences with one and with many', () => {
    const { nb, nn, en } = words;
    expect(nb.t.lookingFor.intro(nb.plural(1, nb.t.counts.comments))).toMatch(/^1 kommentar i perioden\./);
    expect(nn.t.lookingFor.intro(nn.plural(2, nn.t.counts.comments))).toMatch(/^2 kommentarar i perioden\./);
    expect(en.t.login.wait(en.plural(1, en.t.counts.minutes))).toBe(
      'Too many failed sign-ins. Wait 1 minute and try again.',
    );
    expect(nb.t.login.wait(nb.plural(15, nb.t.counts.minutes))).toBe(
      'For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen.',
    );
    expect(nn.t.changes.tooEarly(nn.plural(1, nn.t.counts.answers), 'endringa 04.11.', 30)).toBe(
      'For tidleg å seie: 1 svar etter endringa 04.11.; det trengst minst 30.',
    );
    expect(en.t.changes.tooEarly(en.plural(1, en.t.counts.answers), 'the change on 04/11', 30)).toBe(
      'Too early to tell: 1 answer after the change on 04/11; at least 30 are needed.',
    );
    expect(en.t.password.atLeast(en.plural(12, en.t.counts.characters))).toBe('At least 12 characters.');
    expect(nn.t.period.lastDays(nn.plural(7, nn.t.counts.days))).toBe('Siste 7 dagar');
  });

  it('an Oslo time keeps its Oslo day across the turn of the year and summer time', () => {
    expect(words.nb.dateTime('2026-12-31T23:30:00Z')).toBe('01.01.2027, 00:30');
    expect(words.en.dateTime('2026-07-01T22:15:00Z')).toBe('02/07/2026, 00:15');
  });

  it('sorts names in the order of the language: æ, ø and å after z in Norwegian', () => {
    const names = ['Ås kommune', 'Bø kommune', 'Ørland kommune', 'Zeta', 'Ærøy', 'Aremark'];
    expect([...names].sort(words.nn.compare)).toEqual([
      'Aremark',
      'Bø kommune',
      'Zeta',
      'Ærøy',
      'Ørland kommune',
      'Ås kommune',
    ]);
    // In English, they are letters with marks: Å among the a's, Ø among the o's.
    expect([...names].sort(words.en.compare)).toEqual([
      'Ærøy',
      'Aremark',
      'Ås kommune',
      'Bø kommune',
      'Ørland kommune',
      'Zeta',
    ]);
  });
});
