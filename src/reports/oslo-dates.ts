/** Calendar dates (YYYY-MM-DD) as people in Norway read them: days, weeks and months in Europe/Oslo. */
export type Interval = 'day' | 'week' | 'month';

export function osloDay(at: Date): string {
  return osloDateTime(at).slice(0, 10);
}

const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const format = (d: Date) => d.toISOString().slice(0, 10);
const dayMs = 86_400_000;

/** The days a report may name: feedback is this century's, and a date far off must not cost anything. */
export const firstDay = '2000-01-01';
export const lastDay = '2099-12-31';

/** A real calendar day `YYYY-MM-DD` from firstDay to lastDay. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < firstDay || value > lastDay) return false;
  const date = asUtc(value);
  return !Number.isNaN(date.getTime()) && format(date) === value;
}

export function addDays(day: string, days: number): string {
  const d = asUtc(day);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** The first day of the bucket a day falls in: itself, the Monday of its week, or the first of its month. */
export function bucketStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (asUtc(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function nextBucket(start: string, interval: Interval): string {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const d = asUtc(start);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return format(d);
}

const daysBetween = (from: string, to: string) => Math.round((asUtc(to).getTime() - asUtc(from).getTime()) / dayMs);

/** How many buckets run from the one holding `from` to the one holding `to`, counted without making them. */
export function bucketCount(from: string, to: string, interval: Interval): number {
  if (from > to) return 0;
  if (interval === 'day') return daysBetween(from, to) + 1;
  if (interval === 'week') return Math.floor(daysBetween(bucketStart(from, 'week'), to) / 7) + 1;
  const month = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7));
  return month(to) - month(from) + 1;
}

/** The longest series a report makes: every month of the days a report may name. */
export const maxBuckets = bucketCount(firstDay, lastDay, 'month');

/**
 * Every bucket from the one holding `from` to the one holding `to`. The count is decided first: more than `max`
 * is a RangeError, before any is made.
 */
export function buckets(from: string, to: string, interval: Interval, max = maxBuckets): string[] {
  const count = bucketCount(from, to, interval);
  if (count > max) throw new RangeError(`${count} ${interval}s is more than ${max}`);
  const starts: string[] = [];
  for (let start = bucketStart(from, interval); starts.length < count; start = nextBucket(start, interval))
    starts.push(start);
  return starts;
}

const numeric = 'numeric';
const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: numeric,
  month: numeric,
  day: numeric,
  hour: numeric,
  minute: numeric,
  second: numeric,
});
const hour = 3_600_000;
/**
 * Oslo's offset from UTC by UTC hour: it changes only on the hour (01:00 UTC), and Intl is slow for every row of an
 * export.
 */
const offsets = new Map<number, number>();

function osloOffset(ms: number): number {
  const start = Math.floor(ms / hour) * hour;
  let offset = offsets.get(start);
  if (offset === undefined) {
    const part: Record<string, number> = Object.fromEntries(
      osloParts.formatToParts(start).map((p) => [p.type, Number(p.value)]),
    );
    const of = (type: string) => part[type] ?? 0;
    offset = Date.UTC(of('year'), of('month') - 1, of('day'), of('hour'), of('minute'), of('second')) - start;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(start, offset);
  }
  return offset;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The Oslo wall-clock time of a moment, as a Date whose UTC fields read it: what Excel, which knows no time zones,
 * is to show.
 */
export const osloWallClock = (ms: number): Date => new Date(ms + osloOffset(ms));

/** `2026-11-23 17:40:05`, Oslo time: what Excel reads as a date and time. */
export function osloDateTime(at: Date): string {
  const d = osloWallClock(at.getTime());
  const day = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  return `${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/**
 * The moment an Oslo wall-clock time names (`2026-11-23 17:40:05`, as osloDateTime writes it); in the hour that
 * occurs twice when summer time ends, the first. Undefined for a time that is not one, or that Oslo skipped.
 */
export function fromOsloDateTime(text: string): Date | undefined {
  const asUtc = Date.parse(`${text.replace(' ', 'T')}Z`);
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) || Number.isNaN(asUtc)) return undefined;
  // Oslo is an hour ahead of UTC in winter, two in summer.
  return [2 * hour, hour].map((offset) => new Date(asUtc - offset)).find((at) => osloDateTime(at) === text);
}

/** The moment an Oslo day begins (midnight is never skipped there: Oslo's clocks change at 01:00 UTC). */
export const osloDayStart = (day: string): Date => fromOsloDateTime(`${day} 00:00:00`) as Date;
