import { describe, expect, it } from 'vitest';
import { Unavailable } from '../../src/errors.ts';
import { Deadline } from '../../src/intake/deadline.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Deadline', () => {
  it('passes on what answers in time, and gives Unavailable to what does not', async () => {
    const deadline = new Deadline(150);
    expect(await deadline.within(Promise.resolve('soon'))).toBe('soon');
    expect(await deadline.within('at once')).toBe('at once');
    const started = performance.now();
    await expect(deadline.within(sleep(5_000))).rejects.toBeInstanceOf(Unavailable);
    expect(performance.now() - started).toBeLessThan(400);
    expect(deadline.expired).toBe(true);
    await expect(deadline.within('too late')).rejects.toBeInstanceOf(Unavailable);
  });

  it('counts from the arrival it is given, and not while the client sends its body', async () => {
    await expect(new Deadline(100, performance.now() - 200).within(sleep(1_000))).rejects.toBeInstanceOf(Unavailable);
    const deadline = new Deadline(100);
    await deadline.excluding(sleep(250));
    expect(deadline.expired).toBe(false);
    expect(await deadline.within(sleep(20).then(() => 'still in time'))).toBe('still in time');
    deadline.end();
  });

  it('tells those waiting on it when it runs out, unless they stopped waiting', async () => {
    const deadline = new Deadline(50);
    const told: string[] = [];
    deadline.onExpire(() => told.push('a'));
    const stop = deadline.onExpire(() => told.push('b'));
    stop();
    await sleep(150);
    expect(told).toEqual(['a']);
  });
});
