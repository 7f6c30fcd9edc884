/** Calendar dates (YYYY-MM-DD) as people in Norway read them: days, weeks and months in Europe/Oslo. */
export type Interval = 'day' | 'week' | 'month';

const osloDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

export function osloDay(at: Date): string {
  return osloDate.format(at);
}

const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const format = (d: Date) => d.toISOString().slice(0, 10);

export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(asUtc(value).getTime()) && format(asUtc(value)) === value;
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

/** Every bucket from the one holding `from` to the one holding `to`. */
export function buckets(from: string, to: string, interval: Interval): string[] {
  const starts: string[] = [];
  for (let start = bucketStart(from, interval); start <= to; start = nextBucket(start, interval)) starts.push(start);
  return starts;
}

const osloTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** `2026-11-23 17:40:05`, Oslo time: what Excel reads as a date and time. */
export function osloDateTime(at: Date): string {
  return `${osloDay(at)} ${osloTime.format(at)}`;
}
