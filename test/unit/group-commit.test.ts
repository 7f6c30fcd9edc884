import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/intake/group-commit.ts';

describe('GroupCommit', () => {
  it('writes what arrives together as few batches, and settles each caller with its own outcome', async () => {
    const batches: string[][] = [];
    const stored = new Set<string>(['old']);
    const group = new GroupCommit<string, boolean>(
      async (items) => {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        const inserted = items.map((i) => !stored.has(i));
        for (const i of items) stored.add(i);
        return inserted;
      },
      (i) => [i],
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.all(['a', 'b', 'old', 'c', 'a', 'd'].map((i) => group.add(i)));
    expect(results).toEqual([true, true, false, true, false, true]);
    // What arrives in one turn goes together, but the repeated 'a' waits for the batch with its first.
    expect(batches).toEqual([['a', 'b', 'old', 'c', 'd'], ['a']]);
  });

  it('gathers what arrives in one turn even when a write is over at once (a database on this thread)', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      (i) => [String(i)],
      { maxBatch: 3, maxInFlight: 1 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => group.add(i)))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('one bad row fails alone; a database outage fails the batch', async () => {
    const group = new GroupCommit<string, boolean>(
      async (items) => {
        if (items.includes('bad')) throw new Error('constraint');
        if (items.includes('down')) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return items.map(() => true);
      },
      (i) => [i],
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = group.add('x');
    const results = await Promise.allSettled([first, group.add('y'), group.add('bad'), group.add('z')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    await expect(group.add('down')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('keeps items that share any key in separate batches', async () => {
    const batches: string[][] = [];
    const group = new GroupCommit<string, string>(
      async (items) => {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        return items.map((i) => i.toUpperCase());
      },
      (i) => [i, i.slice(0, 1)],
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.all(['x1', 'a1', 'a2', 'b1', 'a3'].map((i) => group.add(i)));
    expect(results).toEqual(['X1', 'A1', 'A2', 'B1', 'A3']);
    for (const batch of batches) expect(new Set(batch.map((i) => i[0])).size).toBe(batch.length);
  });
});
