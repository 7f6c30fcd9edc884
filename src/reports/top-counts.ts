import type { Knex } from 'knex';
import type { Db } from '../db.ts';
import { buckets, firstDay, lastDay } from './oslo-dates.ts';
import type { DateRange } from './report.ts';

/**
 * Counts kept per site and key both by Oslo day and by month (page_days and page_months by path, term_days and
 * term_months by term): the tables, the key column, and a condition on the key both share (e.g. a path prefix).
 */
export interface DayAndMonthCounts {
  days: string;
  months: string;
  key: string;
  /** SQL after `and`, with its bindings, or undefined for every key. */
  keyFilter?: { sql: string; bindings: Knex.Value[] } | undefined;
}

const onDays = ({ from, to }: DateRange) => ({
  sql: `${from ? 'and day >= ?' : ''} ${to ? 'and day <= ?' : ''}`,
  bindings: [from, to].filter((d): d is string => d !== undefined),
});

/** The first days of the months a range touches (an open end: the site's first or last month with counts). */
export async function monthsOf(db: Db, counts: DayAndMonthCounts, siteId: string, range: DateRange) {
  const [bounds] = await db(counts.months)
    .where('site_id', siteId)
    .select(db.raw(`to_char(min(month), 'YYYY-MM-DD') as first, to_char(max(month), 'YYYY-MM-DD') as last`));
  const { first, last } = bounds as { first: string | null; last: string | null };
  if (!first || !last) return [];
  // Days a report may name only: a row of another century (an import gone wrong) makes no more buckets.
  const start = range.from ?? [first, firstDay].sort()[1];
  const end = range.to ?? [last, lastDay].sort()[0];
  return buckets(start as string, end as string, 'month').filter((month) => month >= first && month <= last);
}

/**
 * The keys that may be among the first `wanted` by a count over a range, without adding up every key. A key's count
 * over the range is at most its count over the k months the range touches, so one with count >= t has a month with
 * at least ceil(t / k). First t: the `wanted`th largest exact count among each month's leaders. Then the candidates:
 * keys with such a month, whose months add up to t or more; every key that could be in the answer is among them, and
 * their exact counts (from the daily table) give the answer. Undefined when the leaders are too few to set a t (few
 * keys: adding them all up is cheap).
 */
export async function topCandidates(
  db: Db,
  counts: DayAndMonthCounts,
  siteId: string,
  by: { count: string; range: DateRange; months: string[]; wanted: number },
): Promise<string[] | undefined> {
  const { count, range, months, wanted } = by;
  const filter = counts.keyFilter ? { sql: `and ${counts.keyFilter.sql}`, bindings: counts.keyFilter.bindings } : none;
  const leaders = await keysByMonth(db, counts, siteId, months, count, filter, { top: wanted });
  const days = onDays(range);
  const threshold = await db.raw(
    `select sum(${count})::int as n from ${counts.days}
     where site_id = ? and ${counts.key} = any(?::text[]) ${days.sql}
     group by ${counts.key} order by n desc limit 1 offset ?`,
    [siteId, leaders, ...days.bindings, wanted - 1],
  );
  const t = (threshold.rows[0] as { n: number } | undefined)?.n;
  if (!t) return undefined;
  const reaching = await keysByMonth(db, counts, siteId, months, count, filter, {
    atLeast: Math.ceil(t / months.length),
  });
  const candidates = await db.raw(
    `select ${counts.key} as key from ${counts.months}
     where site_id = ? and month = any(?::date[]) and ${counts.key} = any(?::text[])
     group by ${counts.key} having sum(${count}) >= ?`,
    [siteId, months, reaching, t],
  );
  return (candidates.rows as { key: string }[]).map((r) => r.key);
}

const none = { sql: '', bindings: [] as Knex.Value[] };

/** Each month's first `top` keys by a count, or those with at least `atLeast`: the keys, once each. */
async function keysByMonth(
  db: Db,
  counts: DayAndMonthCounts,
  siteId: string,
  months: string[],
  count: string,
  filter: { sql: string; bindings: Knex.Value[] },
  by: { top: number } | { atLeast: number },
): Promise<string[]> {
  const result = await db.raw(
    `select distinct m.key from unnest(?::date[]) as covered (month)
     cross join lateral (select ${counts.key} as key from ${counts.months}
                         where site_id = ? and month = covered.month ${filter.sql}
                         ${'top' in by ? `order by ${count} desc limit ?` : `and ${count} >= ?`}) m`,
    [months, siteId, ...filter.bindings, 'top' in by ? by.top : by.atLeast],
  );
  return (result.rows as { key: string }[]).map((r) => r.key);
}
