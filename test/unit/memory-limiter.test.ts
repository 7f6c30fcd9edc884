import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryLimiter } from '../../src/rate-limit/memory-limiter.ts';

/** The refusal a consume ends in, or undefined when it is let through. */
const refusal = (taken: Promise<RateLimiterRes>) =>
  taken.then(
    () => undefined,
    (err: unknown) => {
      if (err instanceof RateLimiterRes) return err;
      throw err;
    },
  );

/** A counter of windows let go, as the metric counts them. */
const counter = () => {
  const c = {
    n: 0,
    inc: (by = 1) => {
      c.n += by;
    },
  };
  return c;
};

describe('MemoryLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('lets a client take its points, refuses the next with the time left, then starts afresh', async () => {
    const limiter = new MemoryLimiter({ keyPrefix: 'post', points: 3, duration: 60 });
    for (let i = 0; i < 3; i++) expect(await refusal(limiter.consume('a'))).toBeUndefined();
    vi.advanceTimersByTime(20_000);
    const refused = await refusal(limiter.consume('a'));
    expect(refused).toMatchObject({ remainingPoints: 0, msBeforeNext: 40_000, consumedPoints: 4 });
    expect(await refusal(limiter.consume('b'))).toBeUndefined();
    vi.advanceTimersByTime(40_000);
    const taken = await limiter.consume('a');
    expect(taken).toMatchObject({ remainingPoints: 2, msBeforeNext: 60_000, isFirstInDuration: true });
  });

  it('gives points back and tells what is left', async () => {
    const limiter = new MemoryLimiter({ keyPrefix: 'login', points: 2, duration: 60 });
    await limiter.consume('a');
    await limiter.consume('a');
    await limiter.reward('a', 1);
    expect(await refusal(limiter.consume('a'))).toBeUndefined();
    expect(await limiter.get('a')).toMatchObject({ remainingPoints: 0, consumedPoints: 2 });
    expect(await limiter.get('nobody')).toBeNull();
    await limiter.reward('nobody', 1);
    expect(limiter.size).toBe(1);
  });

  it('is not fooled by a step of the system clock: the window neither ends nor stretches', async () => {
    const limiter = new MemoryLimiter({ keyPrefix: 'post', points: 1, duration: 600 });
    await limiter.consume('a');
    vi.setSystemTime(new Date('2026-11-28T09:00:00Z'));
    expect(await refusal(limiter.consume('a'))).toMatchObject({ msBeforeNext: 600_000 });
    vi.setSystemTime(new Date('2026-11-28T12:00:00Z'));
    expect(await refusal(limiter.consume('a'))).toMatchObject({ msBeforeNext: 600_000 });
  });

  it('holds at most maxKeys clients under a million new ones: the older generation goes, counted', async () => {
    const dropped = counter();
    const limiter = new MemoryLimiter({ keyPrefix: 'post', points: 1, duration: 600, maxKeys: 100_000, dropped });
    await limiter.consume('first');
    expect(await refusal(limiter.consume('first'))).toBeInstanceOf(RateLimiterRes);
    let most = 0;
    for (let i = 0; i < 1_000_000; i++) {
      await refusal(limiter.consume(`spray-${i}`));
      most = Math.max(most, limiter.size);
    }
    expect(most).toBe(100_000);
    expect(dropped.n + limiter.size).toBe(1_000_001);
    // The latest clients are still held, and refused.
    expect(await refusal(limiter.consume('spray-999999'))).toBeInstanceOf(RateLimiterRes);
    expect(await limiter.get('first')).toBeNull();
  });

  it('lets ended windows go a generation later, whole, without counting them as dropped', async () => {
    const dropped = counter();
    const limiter = new MemoryLimiter({ keyPrefix: 'view', points: 5, duration: 10, maxKeys: 1000, dropped });
    for (let i = 0; i < 500; i++) await limiter.consume(`early-${i}`);
    vi.advanceTimersByTime(10_000);
    for (let i = 0; i < 200; i++) await limiter.consume(`late-${i}`);
    expect(await limiter.get('early-0')).toBeNull();
    expect(limiter.size).toBe(700);
    vi.advanceTimersByTime(10_000);
    await limiter.consume('later');
    expect(limiter.size).toBe(201);
    expect(await limiter.get('late-0')).toBeNull();
    vi.advanceTimersByTime(20_000);
    await limiter.consume('much-later');
    expect(limiter.size).toBe(1);
    expect(dropped.n).toBe(0);
  });

  it('holds windows a shared store found used up, refusing from memory until they end, at most maxKeys', async () => {
    const limiter = new MemoryLimiter({ keyPrefix: 'post', points: 3, duration: 600, maxKeys: 100 });
    expect(limiter.refusalOf('a')).toBeUndefined();
    limiter.useUp('a', 30_000);
    expect(limiter.refusalOf('a')).toMatchObject({ remainingPoints: 0, msBeforeNext: 30_000, consumedPoints: 4 });
    // Never longer than a window, whatever the store says.
    limiter.useUp('b', 10_000_000);
    expect(limiter.refusalOf('b')).toMatchObject({ msBeforeNext: 600_000 });
    for (let i = 0; i < 10_000; i++) limiter.useUp(`flood-${i}`, 600_000);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.refusalOf('a')).toBeUndefined();
    expect(limiter.refusalOf('flood-9999')).toBeInstanceOf(RateLimiterRes);
    vi.advanceTimersByTime(600_000);
    expect(limiter.refusalOf('flood-9999')).toBeUndefined();
  });
});
