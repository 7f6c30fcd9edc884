import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb } from './test-db.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A port for a server a test starts in a process of its own: free now, and below Linux's ephemeral range (32768 and
 * up), so that no connection another test opens meanwhile (to Postgres, Redis, a listen(0)) takes it before the
 * server listens.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    server.on('error', () => {});
    server.listen(port, '127.0.0.1');
    const [outcome] = await Promise.race([once(server, 'listening').then(() => ['free']), once(server, 'error')]);
    if (outcome !== 'free') continue;
    server.close();
    await once(server, 'close');
    return port;
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (bin/fantdu.js) to its end. */
export async function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['bin/fantdu.js', ...args], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

const started = new Set<ChildProcess>();

/** Kills what a failed test left running. */
export function killServers(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  started.clear();
}

/** Starts the built server and waits until it answers /healthz (or exits). */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['dist/src/server.js'], { cwd: root, env: { ...process.env, ...env } });
  started.add(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, output: () => output, exited };
}

/**
 * A database of the test file's own for the built server and CLI, as the environment they read: this project's
 * Postgres (the file's clone, which the processes are then the only users of) or an embedded one in a new folder.
 * `drop` kills the servers left running and removes the database.
 */
export interface ProcessDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function processDatabase(): Promise<ProcessDatabase> {
  const t = await createTestDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'fantdu-'));
  if (t.url) await t.db.destroy();
  return {
    env: t.url ? { DATABASE_URL: t.url } : { FANTDU_DATA_DIR: dataDir },
    async drop() {
      killServers();
      await t.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
