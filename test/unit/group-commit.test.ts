import { describe, expect, it } from 'vitest';
import { Unavailable } from '../../src/errors.ts';
import { Deadline } from '../../src/intake/deadline.ts';
import { GroupCommit } from '../../src/intake/group-commit.ts';

const options = (maxBatch: number, maxQueued = 10_000) => ({ maxBatch, maxInFlight: 1, maxQueued, items: 'posts' });

describe('GroupCommit', () => {
  it('writes what arrives together as one batch, in order, and settles each caller with its own outcome', async () => {
    const batches: string[][] = [];
    const stored = new Set<string>(['old']);
    const group = new GroupCommit<string, boolean>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      // The writer decides repeats within its batch (the first one is new).
      return items.map((i) => {
        const isNew = !stored.has(i);
        stored.add(i);
        return isNew;
      });
    }, options(10));
    const results = await Promise.all(['a', 'b', 'old', 'c', 'a', 'd'].map((i) => group.add(i)));
    expect(results).toEqual([true, true, false, true, false, true]);
    expect(batches).toEqual([['a', 'b', 'old', 'c', 'a', 'd']]);
  });

  it('gathers what arrives in one turn even when a write is over at once (a database on this thread)', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      return items;
    }, options(3));
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => group.add(i)))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('a run of one item is as many batches as different items: none is held back by what it holds', async () => {
    let batches = 0;
    const group = new GroupCommit<string, boolean>(async (items) => {
      batches++;
      return items.map(() => true);
    }, options(500));
    await Promise.all(Array.from({ length: 4000 }, () => group.add('the same comment '.repeat(60))));
    expect(batches).toBe(8);
  });

  it('one bad row fails alone; a database outage fails the batch', async () => {
    const group = new GroupCommit<string, boolean>(async (items) => {
      if (items.includes('bad')) throw new Error('constraint');
      if (items.includes('down')) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return items.map(() => true);
    }, options(10));
    const first = group.add('x');
    const results = await Promise.allSettled([first, group.add('y'), group.add('bad'), group.add('z')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    await expect(group.add('down')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a failure no one item caused (a statement cancelled, out of memory) fails the batch at once', async () => {
    for (const code of ['57014', 'XX000', '53200']) {
      let writes = 0;
      const group = new GroupCommit<number, number>(async () => {
        writes++;
        throw Object.assign(new Error('canceling statement due to statement timeout'), { code, routine: 'x' });
      }, options(500));
      const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => group.add(i)));
      expect(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === code)).toBe(true);
      expect(writes).toBe(1);
    }
  });

  it('a deadlock or a lock not had in time fails the batch, not its items: they are written one by one', async () => {
    let code = '';
    const group = new GroupCommit<number, number>(async (items) => {
      if (items.length > 1) throw Object.assign(new Error('deadlock detected'), { code, routine: 'x' });
      return items;
    }, options(500));
    for (code of ['40P01', '55P03'])
      expect(await Promise.all(Array.from({ length: 10 }, (_, i) => group.add(i)))).toHaveLength(10);
  });

  it('after a failed batch, its items are written one by one, a few at a time, not all at once', async () => {
    let writing = 0;
    let most = 0;
    const group = new GroupCommit<number, number>(async (items) => {
      if (items.length > 1) throw new Error('one of them is bad');
      writing++;
      most = Math.max(most, writing);
      await new Promise((r) => setTimeout(r, 1));
      writing--;
      if (items[0] === 13) throw new Error('this one');
      return items;
    }, options(500));
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => group.add(i)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(most).toBe(4);
  });

  it('beyond maxQueued waiting items, another is refused at once as Unavailable', async () => {
    let release = () => {};
    const group = new GroupCommit<number, number>(
      async (items) => {
        await new Promise<void>((r) => (release = r));
        return items;
      },
      options(2, 4),
    );
    const first = [group.add(1), group.add(2)];
    await new Promise((r) => setImmediate(r)); // the first batch of two is being written
    const waiting = [group.add(3), group.add(4), group.add(5), group.add(6)];
    await expect(group.add(7)).rejects.toBeInstanceOf(Unavailable);
    expect(group.waiting).toBe(4);
    release();
    await Promise.all(first);
    await new Promise((r) => setImmediate(r));
    release();
    await new Promise((r) => setImmediate(r));
    release();
    expect(await Promise.all(waiting)).toEqual([3, 4, 5, 6]);
  });

  it('an item whose caller gives up while it waits is never written; one being written is', async () => {
    const written: string[] = [];
    let release = () => {};
    const group = new GroupCommit<string, string>(async (items) => {
      written.push(...items);
      await new Promise<void>((r) => (release = r));
      return items;
    }, options(10));
    const inFlight = new Deadline(60_000);
    const queued = new Deadline(60_000);
    const a = group.add('in flight', inFlight);
    await new Promise((r) => setImmediate(r));
    const b = group.add('queued', queued);
    const c = group.add('kept');
    inFlight.runOut(Number.POSITIVE_INFINITY);
    queued.runOut(Number.POSITIVE_INFINITY);
    await expect(b).rejects.toBeInstanceOf(Unavailable);
    release();
    expect(await a).toBe('in flight');
    await new Promise((r) => setImmediate(r));
    release();
    expect(await c).toBe('kept');
    expect(written).toEqual(['in flight', 'kept']);
    await expect(group.add('late', queued)).rejects.toBeInstanceOf(Unavailable);
    for (const d of [inFlight, queued]) d.end();
  });
});
