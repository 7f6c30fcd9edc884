import { describe, expect, it } from 'vitest';
import { osloDateTime, osloDay } from '../../src/reports/oslo-dates.ts';

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
