import { describe, expect, it } from 'vitest';
import { momentOf } from '../../src/intake/import.ts';

describe("an import's createdAt", () => {
  it('is an Oslo time as the export writes it, or as Excel in Norway writes it back', () => {
    const iso = (text: string) => momentOf(text)?.toISOString();
    expect(iso('2026-01-15 10:30:00')).toBe('2026-01-15T09:30:00.000Z');
    expect(iso('2026-07-15 10:30:00')).toBe('2026-07-15T08:30:00.000Z');
    expect(iso('2026-07-15 10:30')).toBe('2026-07-15T08:30:00.000Z');
    expect(iso('2026-07-15T10:30:00')).toBe('2026-07-15T08:30:00.000Z');
    expect(iso('15.07.2026 10:30')).toBe('2026-07-15T08:30:00.000Z');
    expect(iso('15.01.2026 10:30:05')).toBe('2026-01-15T09:30:05.000Z');
  });

  it('is ISO 8601 with Z or an offset', () => {
    const iso = (text: string) => momentOf(text)?.toISOString();
    expect(iso('2026-07-15T10:30:00Z')).toBe('2026-07-15T10:30:00.000Z');
    expect(iso('2026-07-15t10:30:00.5z')).toBe('2026-07-15T10:30:00.500Z');
    expect(iso('2026-07-15T10:30:00.123456+02:00')).toBe('2026-07-15T08:30:00.123Z');
    expect(iso('2026-07-15T10:30+0100')).toBe('2026-07-15T09:30:00.000Z');
  });

  it('is nothing else', () => {
    for (const text of [
      '',
      '2026-02-30 10:00:00',
      '2026-02-30T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-03-29 02:30:00',
      '2026-07-15',
      '15/07/2026 10:30',
      '2026-07-15 25:00:00',
      '1784112000',
    ])
      expect(momentOf(text), text).toBeUndefined();
  });
});
