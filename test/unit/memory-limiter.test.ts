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

describe('MemoryLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
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

  it('holds at most maxKeys clients: the oldest window goes first, and is counted', async () => {
    const dropped = { n: 0, inc: () => dropped.n++ };
    const limiter = new MemoryLimiter({ keyPrefix: 'post', points: 1, duration: 600, maxKeys: 1000, dropped });
    await limiter.consume('first');
    expect(await refusal(limiter.consume('first'))).toBeInstanceOf(RateLimiterRes);
    for (let i = 0; i < 200_000; i++) await refusal(limiter.consume(`spray-${i}`));
    expect(limiter.size).toBe(1000);
    expect(dropped.n).toBe(200_001 - 1000);
    // The latest clients are still held, and refused.
    expect(await refusal(limiter.consume('spray-199999'))).toBeInstanceOf(RateLimiterRes);
    expect(await limiter.get('first')).toBeNull();
  });

  it('lets ended windows go as points are taken, without waiting for the Map to fill', async () => {
    const dropped = { n: 0, inc: () => dropped.n++ };
    const limiter = new MemoryLimiter({ keyPrefix: 'view', points: 5, duration: 10, maxKeys: 1000, dropped });
    for (let i = 0; i < 500; i++) await limiter.consume(`early-${i}`);
    vi.advanceTimersByTime(10_000);
    for (let i = 0; i < 200; i++) await limiter.consume(`late-${i}`);
    expect(limiter.size).toBe(200);
    expect(dropped.n).toBe(0);
  });

  it('moves a client whose window ended and who comes back behind those begun since', async () => {
    const limiter = new MemoryLimiter({ keyPrefix: 'view', points: 5, duration: 10 });
    await limiter.consume('x');
    vi.advanceTimersByTime(1_000);
    await limiter.consume('y');
    vi.advanceTimersByTime(9_000);
    expect(await limiter.consume('x')).toMatchObject({ consumedPoints: 1, isFirstInDuration: true });
    vi.advanceTimersByTime(1_000);
    await limiter.consume('z');
    expect(limiter.size).toBe(2);
    expect(await limiter.get('y')).toBeNull();
    expect(await limiter.get('x')).toMatchObject({ consumedPoints: 1, msBeforeNext: 9_000 });
  });

  it('holds windows a shared store found used up, refusing from memory until they end, at most maxKeys', async () => {
    const limiter = new MemoryLimiter({ keyPrefix: 'post', points: 3, duration: 600, maxKeys: 100 });
    expect(limiter.refusalOf('a')).toBeUndefined();
    limiter.useUp('a', 30_000);
    expect(limiter.refusalOf('a')).toMatchObject({ remainingPoints: 0, msBeforeNext: 30_000, consumedPoints: 4 });
    for (let i = 0; i < 10_000; i++) limiter.useUp(`flood-${i}`, 600_000);
    expect(limiter.size).toBe(100);
    expect(limiter.refusalOf('a')).toBeUndefined();
    expect(limiter.refusalOf('flood-9999')).toBeInstanceOf(RateLimiterRes);
    vi.advanceTimersByTime(600_000);
    expect(limiter.refusalOf('flood-9999')).toBeUndefined();
  });
});
