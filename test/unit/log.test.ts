import { Writable } from 'node:stream';
import type pino from 'pino';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../src/http/problem.ts';
import { createLogger } from '../../src/log.ts';

describe('logging errors', () => {
  const capture = () => {
    const lines: string[] = [];
    const out = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    return { log: createLogger('info', out as unknown as pino.DestinationStream), lines };
  };
  const databaseError = () =>
    Object.assign(new Error('invalid input syntax for type uuid: "Kari Nordmann 02013299997"'), {
      code: '22P02',
      routine: 'string_to_uuid',
      detail: 'Key (id)=(x)',
    });

  it('a database error is logged by its code and routine, without the value it quotes or its detail', async () => {
    const { log, lines } = capture();
    log.error({ err: databaseError() }, 'request failed');
    log.flush();
    await new Promise((r) => setTimeout(r, 20));
    const text = lines.join('');
    expect(text).toContain('22P02');
    expect(text).toContain('string_to_uuid');
    expect(text).not.toContain('Kari');
    expect(text).not.toContain('02013299997');
    expect(text).not.toContain('Key (id)');
  });

  it("a value the database cannot use is the client's error: 400, quoting nothing", () => {
    const problem = toProblem(databaseError());
    expect(problem?.status).toBe(400);
    expect(problem?.detail).not.toContain('Kari');
    expect(
      toProblem(Object.assign(new Error('duplicate key'), { code: '23505', routine: '_bt_check_unique' })),
    ).toBeUndefined();
  });
});
