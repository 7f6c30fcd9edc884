import { describe, expect, it } from 'vitest';
import { spikeChance } from '../../src/alerts/spike.ts';
import { verdictOf } from '../../src/changes/verdict.ts';
import { chanceOfRise } from '../../src/reports/significance.ts';

describe('the two-proportion test', () => {
  it('gives the one-sided p of a textbook case', () => {
    // 20 of 100 before, 35 of 100 after: z = 2.38, p = 0.0087
    expect(chanceOfRise({ yes: 80, no: 20 }, { yes: 65, no: 35 })).toBeCloseTo(0.0087, 3);
    // the other direction is near 1, and equal shares give one half
    expect(chanceOfRise({ yes: 65, no: 35 }, { yes: 80, no: 20 })).toBeCloseTo(0.9913, 3);
    expect(chanceOfRise({ yes: 50, no: 50 }, { yes: 5, no: 5 })).toBeCloseTo(0.5, 6);
  });

  it('says nothing without answers or when no share can move', () => {
    expect(chanceOfRise({ yes: 0, no: 0 }, { yes: 0, no: 10 })).toBe(1);
    expect(chanceOfRise({ yes: 10, no: 0 }, { yes: 0, no: 0 })).toBe(1);
    expect(chanceOfRise({ yes: 0, no: 10 }, { yes: 0, no: 10 })).toBe(1);
  });
});

describe('verdicts and spikes', () => {
  it('judges a change', () => {
    expect(verdictOf({ yes: 12, no: 18 }, { yes: 34, no: 6 })).toBe('better');
    expect(verdictOf({ yes: 34, no: 6 }, { yes: 12, no: 18 })).toBe('worse');
    expect(verdictOf({ yes: 20, no: 20 }, { yes: 21, no: 19 })).toBe('unclear');
    expect(verdictOf({ yes: 100, no: 100 }, { yes: 19, no: 0 })).toBe('too-early');
    expect(verdictOf({ yes: 0, no: 0 }, { yes: 30, no: 0 })).toBe('unclear');
  });

  it('never alerts on a few answers, however many of them are "no"', () => {
    expect(spikeChance({ yes: 1000, no: 0 }, { yes: 0, no: 9 })).toBeUndefined();
    expect(spikeChance({ yes: 1000, no: 0 }, { yes: 0, no: 10 })).toBeLessThan(0.01);
    expect(spikeChance({ yes: 70, no: 30 }, { yes: 14, no: 6 })).toBeUndefined();
  });
});
