import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.ts';

/** Debian's server binaries, and the `postgres` user to run them as (initdb refuses root). */
function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const version = readdirSync(base).sort().at(-1);
  return version ? join(base, version, 'bin') : undefined;
}

function postgresUid(): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  } catch {
    return undefined;
  }
}

export const canRunThrowawayPostgres = Boolean(binDir() && postgresUid() !== undefined && process.getuid?.() === 0);

export interface ThrowawayPostgres {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/**
 * A Postgres server of the test's own (initdb in a temporary folder, a free port), so stopping it harms nothing else.
 * With a `password`, clients must give it (scram-sha-256); else every local client is trusted.
 */
export async function startThrowawayPostgres(password?: string): Promise<ThrowawayPostgres> {
  const bin = binDir() as string;
  const uid = postgresUid() as number;
  const dir = mkdtempSync(join(tmpdir(), 'fantdu-pg-'));
  chownSync(dir, uid, uid);
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'ignore' });
  const auth = password ? ['-A', 'scram-sha-256', `--pwfile=${join(dir, 'password')}`] : ['-A', 'trust'];
  if (password) writeFileSync(join(dir, 'password'), password, { mode: 0o644 });
  asPostgres('initdb', ['-D', join(dir, 'data'), ...auth, '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const server: ThrowawayPostgres = {
    url: `postgres://postgres${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/postgres`,
    start: () => asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-o', options, '-l', join(dir, 'log'), '-w', 'start']),
    stop: () => asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']),
    destroy: () => {
      try {
        server.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
