import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketCount,
  bucketStart,
  buckets,
  firstDay,
  fromOsloDateTime,
  type Interval,
  isCalendarDate,
  lastDay,
  maxBuckets,
  nextBucket,
  osloDateTime,
  osloDay,
} from '../../src/reports/oslo-dates.ts';

const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'medium' });

describe('Oslo dates and times', () => {
  it('agree with Intl every 7 minutes and 13 seconds through two years, both changes of summer time included', () => {
    for (let ms = Date.parse('2025-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 433_000) {
      expect(osloDateTime(new Date(ms))).toBe(intl.format(ms));
    }
  });

  it('around the nights the clocks change, and the turn of a year', () => {
    expect(osloDateTime(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29 01:59:59');
    expect(osloDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29 03:00:00');
    expect(osloDateTime(new Date('2026-10-25T00:59:59Z'))).toBe('2026-10-25 02:59:59');
    expect(osloDateTime(new Date('2026-10-25T01:00:00Z'))).toBe('2026-10-25 02:00:00');
    expect(osloDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(osloDay(new Date('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
  });
});

describe('days a report may name, and the buckets between them', () => {
  const day = fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2110-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const interval = fc.constantFrom<Interval>('day', 'week', 'month');

  it('a date is accepted only as a real day from 2000-01-01 to 2099-12-31', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          day,
          fc.string(),
          fc.stringMatching(/^[+-]?\d{4,6}-\d{2}-\d{2}$/),
          fc.stringMatching(/^20\d\d-[01]\d-[0-3]\d$/),
        ),
        (value) => {
          const accepted = isCalendarDate(value);
          const date = new Date(`${value}T00:00:00Z`);
          const real =
            /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
          expect(accepted).toBe(real && value >= firstDay && value <= lastDay);
        },
      ),
    );
    expect(
      [
        '0001-01-01',
        '9999-12-31',
        '1999-12-31',
        '2100-01-01',
        '2026-02-29',
        '2026-13-01',
        '2026-00-10',
        '+10000-01-01',
      ].filter(isCalendarDate),
    ).toEqual([]);
  });

  it('the count is known before a bucket is made, and a count over the maximum makes none', () => {
    fc.assert(
      fc.property(day, day, interval, fc.integer({ min: 1, max: 2000 }), (a, b, by, max) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const count = bucketCount(from, to, by);
        if (count > max) {
          expect(() => buckets(from, to, by, max)).toThrow(RangeError);
          return;
        }
        const starts = buckets(from, to, by, max);
        expect(starts).toHaveLength(count);
        expect(starts[0]).toBe(bucketStart(from, by));
        expect(starts.at(-1)! <= to && nextBucket(starts.at(-1)!, by) > to).toBe(true);
        for (const [i, start] of starts.slice(1).entries()) expect(start).toBe(nextBucket(starts[i]!, by));
      }),
    );
    expect(maxBuckets).toBe(1200);
    expect(() => buckets('2000-01-01', '2099-12-31', 'day')).toThrow(RangeError);
  });
});

describe('fromOsloDateTime', () => {
  it('reads back what osloDateTime writes, every 3 hours 7 minutes through 2026', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 11_220_000) {
      const text = osloDateTime(new Date(ms));
      // The hour that occurs twice when summer time ends is read as its first.
      if (text.startsWith('2026-10-25 02:')) continue;
      expect(fromOsloDateTime(text)?.getTime()).toBe(ms);
    }
  });

  it('takes the first of an hour that occurs twice, and no time that Oslo skipped or that is not one', () => {
    expect(fromOsloDateTime('2026-10-25 02:30:00')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromOsloDateTime('2026-03-29 01:59:59')?.toISOString()).toBe('2026-03-29T00:59:59.000Z');
    expect(fromOsloDateTime('2026-03-29 03:00:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    for (const text of ['2026-03-29 02:30:00', '2026-02-30 10:00:00', '2026-01-01 24:00:00', '2026-01-01 10:00', ''])
      expect(fromOsloDateTime(text)).toBeUndefined();
  });
});
