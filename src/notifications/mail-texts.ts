import type { Verdict } from '../changes/change.ts';
import { type Lang, locales } from '../values.ts';

/** A date and a number as each language writes them. */
export function formatsOf(lang: Lang) {
  const day = new Intl.DateTimeFormat(locales[lang], { day: 'numeric', month: 'long', year: 'numeric' });
  const dayTime = new Intl.DateTimeFormat(locales[lang], {
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Oslo',
  });
  const whole = new Intl.NumberFormat(locales[lang]);
  const chance = new Intl.NumberFormat(locales[lang], { maximumSignificantDigits: 2 });
  return {
    /** An Oslo calendar day (YYYY-MM-DD). */
    day: (d: string) => day.format(new Date(`${d}T12:00:00Z`)),
    at: (iso: string) => dayTime.format(new Date(iso)),
    count: (n: number) => whole.format(n),
    percent: (part: number, whole: number) => `${whole ? Math.round((100 * part) / whole) : 0}\u00a0%`,
    /** How likely by chance: `p < 0,001` or `p = 0,004`. */
    chance: (p: number) => (p < 0.001 ? `p < ${chance.format(0.001)}` : `p = ${chance.format(p)}`),
  };
}

/** Every sentence of the mails in one language. */
export interface MailTexts {
  digestSubject: (period: 'daily' | 'weekly', when: string) => string;
  digestIntro: (period: 'daily' | 'weekly', when: string) => string;
  week: (week: number, from: string, to: string) => string;
  watchedHeading: string;
  notWatching: string;
  quietWatched: string;
  quietSite: string;
  page: string;
  yes: string;
  no: string;
  views: string;
  comments: string;
  alertsHeading: string;
  alertLine: (path: string, recent: string, baseline: string) => string;
  commentsHeading: string;
  /** `n` as written (`f.count`); `one` whether it is a single comment. */
  newComments: (n: string, one: boolean) => string;
  commentsKept: string;
  changesHeading: string;
  changeLine: (path: string, at: string, verdict: string) => string;
  verdicts: Record<Verdict, string>;
  mostNoHeading: string;
  open: string;
  openSite: string;
  digestFooter: (period: 'daily' | 'weekly') => string;
  alertSubject: (path: string) => string;
  alertBody: (a: { site: string; path: string; no: string; total: string; share: string; before: string }) => string;
  alertChance: (p: string) => string;
  alertComments: string;
  alertFooter: string;
  change: string;
  stop: string;
}

export const mailTexts: Record<Lang, MailTexts> = {
  nb: {
    digestSubject: (period, when) => `Fant du det du lette etter? ${period === 'daily' ? 'Dagen' : 'Uka'}: ${when}`,
    digestIntro: (period, when) =>
      `Slik svarte folk på sidene dine ${period === 'daily' ? `i går, ${when}` : `i ${when}`}.`,
    week: (week, from, to) => `uke ${week} (${from}–${to})`,
    watchedHeading: 'Sidene du følger',
    notWatching:
      'Du følger ingen sider på dette nettstedet. Trykk «Følg siden» på en side i fantdu, så kommer den med her.',
    quietWatched: 'Ingen svarte på sidene du følger i denne perioden.',
    quietSite: 'Ingen svarte nei på nettstedet i denne perioden.',
    page: 'Side',
    yes: 'Ja',
    no: 'Nei',
    views: 'Visninger',
    comments: 'Kommentarer',
    alertsHeading: 'Varsler',
    alertLine: (path, recent, baseline) =>
      `${path}: ${recent} svarte nei de siste 7 dagene, mot ${baseline} de 28 dagene før.`,
    commentsHeading: 'Nye kommentarer',
    newComments: (n, one) => `${n} ${one ? 'ny kommentar' : 'nye kommentarer'} på sidene du følger.`,
    commentsKept: 'Nettstedet sender ikke kommentarer på e-post. Du leser dem i fantdu.',
    changesHeading: 'Endringer',
    changeLine: (path, at, verdict) => `${path} ble endret ${at}: ${verdict}.`,
    verdicts: { better: 'bedre', worse: 'verre', unclear: 'uklart', 'too-early': 'for tidlig å si' },
    mostNoHeading: 'Flest nei på hele nettstedet',
    open: 'Åpne i fantdu',
    openSite: 'Se hele rapporten i fantdu',
    digestFooter: (period) =>
      `Du får denne e-posten fordi du har valgt ${period === 'daily' ? 'daglig' : 'ukentlig'} oppsummering i fantdu.`,
    alertSubject: (path) => `Varsel: flere svarer nei på ${path}`,
    alertBody: ({ site, path, no, total, share, before }) =>
      `På ${site} svarte ${no} av ${total} nei på ${path} de siste 7 dagene (${share}), mot ${before} de 28 ` +
      'dagene før.',
    alertChance: (p) => `En så stor økning skjer sjelden ved en tilfeldighet (${p}).`,
    alertComments: 'De nyeste kommentarene',
    alertFooter: 'Du får denne e-posten fordi du følger siden og har slått på varsler i fantdu.',
    change: 'Endre hva du får',
    stop: 'Slutt å få denne e-posten',
  },
  nn: {
    digestSubject: (period, when) => `Fann du det du leitte etter? ${period === 'daily' ? 'Dagen' : 'Veka'}: ${when}`,
    digestIntro: (period, when) =>
      `Slik svarte folk på sidene dine ${period === 'daily' ? `i går, ${when}` : `i ${when}`}.`,
    week: (week, from, to) => `veke ${week} (${from}–${to})`,
    watchedHeading: 'Sidene du følgjer',
    notWatching:
      'Du følgjer ingen sider på denne nettstaden. Trykk «Følg sida» på ei side i fantdu, så kjem ho med her.',
    quietWatched: 'Ingen svarte på sidene du følgjer i denne perioden.',
    quietSite: 'Ingen svarte nei på nettstaden i denne perioden.',
    page: 'Side',
    yes: 'Ja',
    no: 'Nei',
    views: 'Visingar',
    comments: 'Kommentarar',
    alertsHeading: 'Varsel',
    alertLine: (path, recent, baseline) =>
      `${path}: ${recent} svarte nei dei siste 7 dagane, mot ${baseline} dei 28 dagane før.`,
    commentsHeading: 'Nye kommentarar',
    newComments: (n, one) => `${n} ${one ? 'ny kommentar' : 'nye kommentarar'} på sidene du følgjer.`,
    commentsKept: 'Nettstaden sender ikkje kommentarar på e-post. Du les dei i fantdu.',
    changesHeading: 'Endringar',
    changeLine: (path, at, verdict) => `${path} blei endra ${at}: ${verdict}.`,
    verdicts: { better: 'betre', worse: 'verre', unclear: 'uklart', 'too-early': 'for tidleg å seie' },
    mostNoHeading: 'Flest nei på heile nettstaden',
    open: 'Opne i fantdu',
    openSite: 'Sjå heile rapporten i fantdu',
    digestFooter: (period) =>
      `Du får denne e-posten fordi du har valt ${period === 'daily' ? 'dagleg' : 'vekentleg'} oppsummering i fantdu.`,
    alertSubject: (path) => `Varsel: fleire svarar nei på ${path}`,
    alertBody: ({ site, path, no, total, share, before }) =>
      `På ${site} svarte ${no} av ${total} nei på ${path} dei siste 7 dagane (${share}), mot ${before} dei 28 ` +
      'dagane før.',
    alertChance: (p) => `Ein så stor auke skjer sjeldan ved ein tilfeldigheit (${p}).`,
    alertComments: 'Dei nyaste kommentarane',
    alertFooter: 'Du får denne e-posten fordi du følgjer sida og har slått på varsel i fantdu.',
    change: 'Endre kva du får',
    stop: 'Slutt å få denne e-posten',
  },
  en: {
    digestSubject: (period, when) =>
      `Did you find what you were looking for? ${period === 'daily' ? 'Day' : 'Week'}: ${when}`,
    digestIntro: (period, when) =>
      `How people answered on your pages ${period === 'daily' ? `yesterday, ${when}` : `in ${when}`}.`,
    week: (week, from, to) => `week ${week} (${from}–${to})`,
    watchedHeading: 'Pages you watch',
    notWatching: 'You watch no pages on this site. Press "Watch page" on a page in fantdu to have it here.',
    quietWatched: 'Nobody answered on the pages you watch in this period.',
    quietSite: 'Nobody answered no on the site in this period.',
    page: 'Page',
    yes: 'Yes',
    no: 'No',
    views: 'Views',
    comments: 'Comments',
    alertsHeading: 'Alerts',
    alertLine: (path, recent, baseline) =>
      `${path}: ${recent} answered no over the last 7 days, against ${baseline} over the 28 days before.`,
    commentsHeading: 'New comments',
    newComments: (n, one) => `${n} new ${one ? 'comment' : 'comments'} on the pages you watch.`,
    commentsKept: 'This site does not send comments by e-mail. Read them in fantdu.',
    changesHeading: 'Changes',
    changeLine: (path, at, verdict) => `${path} was changed ${at}: ${verdict}.`,
    verdicts: { better: 'better', worse: 'worse', unclear: 'unclear', 'too-early': 'too early to tell' },
    mostNoHeading: 'Most "no" on the whole site',
    open: 'Open in fantdu',
    openSite: 'See the whole report in fantdu',
    digestFooter: (period) =>
      `You get this e-mail because you chose a ${period === 'daily' ? 'daily' : 'weekly'} digest in fantdu.`,
    alertSubject: (path) => `Alert: more people answer no on ${path}`,
    alertBody: ({ site, path, no, total, share, before }) =>
      `On ${site}, ${no} of ${total} answered no on ${path} over the last 7 days (${share}), against ${before} ` +
      'over the 28 days before.',
    alertChance: (p) => `A rise this large rarely happens by chance (${p}).`,
    alertComments: 'The newest comments',
    alertFooter: 'You get this e-mail because you watch the page and turned alerts on in fantdu.',
    change: 'Change what you get',
    stop: 'Stop getting this e-mail',
  },
};
