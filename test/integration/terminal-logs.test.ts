import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, root } from '../helpers/processes.ts';

/**
 * The server's log as an operator sees it on a terminal: `script` gives it one (a pseudo-terminal). Piped, its lines
 * are JSON, as every other test of the server process reads them.
 */
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.warn('`script` (util-linux) is missing: the log on a terminal is not tested in this run.');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the built server on a terminal, and stops it once its configuration check is logged; its output. */
async function onTerminal(env: Record<string, string>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fantdu-tty-'));
  dirs.push(dataDir);
  const command = `exec ${process.execPath} dist/src/server.js`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: root,
    env: { ...process.env, ...env, FANTDU_DATA_DIR: dataDir, PORT: String(await freePort()), NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  const deadline = Date.now() + 30_000;
  while (!output.includes('FANTDU_PUBLIC_URL') && Date.now() < deadline && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 50));
  const { pid } = JSON.parse(readFileSync(join(dataDir, 'fantdu.lock'), 'utf8')) as { pid: number };
  process.kill(pid, 'SIGTERM');
  await once(child, 'exit');
  return output.replace(/\r\n/g, '\n');
}

describe.runIf(hasScript && process.env.FANTDU_TEST_DB === 'pglite')('the log on a terminal', () => {
  it('is readable lines, with the first login set apart', async () => {
    const output = await onTerminal({});
    expect(output).toMatch(
      /^\d\d:\d\d:\d\d INFO {2}fantdu listening on http:\/\/127\.0\.0\.1:\d+ .* database="embedded/m,
    );
    expect(output).toMatch(/^\d\d:\d\d:\d\d INFO {2}FANTDU_PUBLIC_URL: http:\/\/127\.0\.0\.1:\d+ .* state=ok$/m);
    expect(output).toMatch(
      /\n\n(─+)\nLog in at http:\/\/\S+\/admin as demo@fantdu\.invalid with the password \w+ .*\n\1\n\n/,
    );
    expect(output).toMatch(/^\d\d:\d\d:\d\d INFO {2}stopped$/m);
    expect(output).not.toContain('{"level"');
  }, 60_000);

  it('is JSON lines there too with LOG_FORMAT=json', async () => {
    const output = await onTerminal({ LOG_FORMAT: 'json' });
    const lines = output.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: 'fantdu' });
    expect(lines.map((l) => JSON.parse(l).msg)).toContainEqual(expect.stringMatching(/^Log in at /));
  }, 60_000);
});
