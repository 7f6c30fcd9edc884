import { Writable } from 'node:stream';
import type pino from 'pino';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../src/http/problem.ts';
import { createLogger, readableLine } from '../../src/log.ts';

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

describe('readable lines on a terminal', () => {
  const at = '2026-11-27T09:05:03.120Z';
  const local = new Date(at).toTimeString().slice(0, 8);
  const line = (entry: object) => readableLine(JSON.stringify({ service: 'fantdu', time: at, ...entry }));

  it('give the time, the level and the message, then the fields that matter', () => {
    expect(line({ level: 30, msg: 'request', method: 'POST', route: '/api/v1/feedback', status: 201, ms: 4 })).toBe(
      `${local} INFO  request method=POST route=/api/v1/feedback status=201 ms=4\n`,
    );
    expect(
      line({ level: 40, msg: 'REDIS_URL: nothing listens', part: 'REDIS_URL', database: 'embedded (./data)' }),
    ).toBe(`${local} WARN  REDIS_URL: nothing listens part=REDIS_URL database="embedded (./data)"\n`);
  });

  it('set the login of the first start apart between two rules', () => {
    const text = line({ level: 30, notice: true, msg: 'Log in at http://127.0.0.1:3000/admin as demo@fantdu.invalid' });
    const rule = '─'.repeat(60);
    expect(text).toBe(`\n${rule}\nLog in at http://127.0.0.1:3000/admin as demo@fantdu.invalid\n${rule}\n\n`);
    expect(readableLine(JSON.stringify({ level: 30, time: at, notice: true, msg: 'x' }), true)).toContain(
      '\x1b[1;36mx\x1b[0m',
    );
  });

  it("show an error's stack beneath it, and only what the JSON line holds (no quoted value)", async () => {
    const lines: string[] = [];
    const out = new Writable({
      write: (chunk, _enc, done) => {
        lines.push(readableLine(String(chunk)));
        done();
      },
    });
    const log = createLogger('info', out as unknown as pino.DestinationStream);
    log.error(
      {
        err: Object.assign(new Error('invalid input syntax for type uuid: "Kari 02013299997"'), {
          code: '22P02',
          routine: 'string_to_uuid',
        }),
      },
      'request failed',
    );
    await new Promise((r) => setTimeout(r, 20));
    const [text = ''] = lines;
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d ERROR request failed err="Error: invalid input syntax for type uuid: \\"…\\""/,
    );
    expect(text.split('\n')[1]).toMatch(/^\s+at /);
    expect(text).not.toContain('Kari');
    expect(readableLine('not json\n')).toBe('not json\n');
  });
});
