import type { PageSort } from '../reports/report.ts';
import type { Role, Status } from '../values.ts';

/** The words of the editors' pages (bokmål), and numbers and times as people in Norway read them. */
export const statusLabels: Record<Status, string> = { new: 'Ny', read: 'Lest', done: 'Ferdig', spam: 'Søppel' };

export const sortLabels: Record<PageSort, string> = {
  no: 'Flest nei',
  total: 'Flest svar',
  share: 'Andel nei',
  path: 'Sti',
  views: 'Flest visninger',
  noPer1000: 'Nei per 1000 visninger',
};
export const roleLabels: Record<Role, string> = { editor: 'redaktør', admin: 'administrator' };

export const foundLabel = (found: boolean) => (found ? 'Ja' : 'Nei');

const actionLabels: Record<string, string> = {
  login: 'Logget inn',
  'login.failed': 'Mislykket innlogging',
  'feedback.export': 'Lastet ned CSV',
  'feedback.status': 'Endret status',
  'feedback.delete': 'Slettet en tilbakemelding',
  'user.create': 'Bruker laget',
  'user.grant': 'Tilgang gitt',
  'user.password': 'Byttet passord',
  'token.create': 'API-nøkkel laget',
  'webhook.add': 'Webhook lagt til',
  'webhook.remove': 'Webhook fjernet',
  'notifications.unsubscribe': 'Avmeldt e-post',
  'site.create': 'Nettsted laget',
  'site.update': 'Nettsted endret',
};
/** What an entry says was done; an export names its format (a CSV's entry has none, as before Excel came). */
export const actionLabel = (action: string, details: Record<string, unknown> = {}) =>
  action === 'feedback.export' && details.format === 'xlsx' ? 'Lastet ned Excel' : (actionLabels[action] ?? action);

const dateTime = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `23.11.2026, 17:40`, Oslo time. */
export const osloDateTimeText = (iso: string) => dateTime.format(new Date(iso));

/** A calendar day `2026-11-23` as `23.11.2026`. */
export const dayText = (day: string) => day.split('-').reverse().join('.');

/** The share of `part` in `whole`, in whole percent. */
export const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);
export const percentText = (percent: number) => `${percent}\u00a0%`;

const whole = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** `12 345`, as Norwegians write a count. */
export const countText = (n: number) => whole.format(n);
/** `1,5`: a rate to one decimal. */
export const rateText = (n: number) => oneDecimal.format(n);

/** A path with a query of the values that are set. */
export function href(path: string, params: Record<string, string | number | boolean | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
