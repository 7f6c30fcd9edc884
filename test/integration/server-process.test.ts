import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type ProcessDatabase, processDatabase, runCli, startServer } from '../helpers/processes.ts';

/** The built server and CLI as operators run them, on this project's database (Postgres) or an embedded one. */
let db: ProcessDatabase;
beforeAll(async () => {
  db = await processDatabase();
});
afterAll(() => db.drop());

describe('the CLI', () => {
  it('migrates, adds and lists sites', async () => {
    const migrated = await runCli(['migrate'], db.env);
    expect(migrated.code).toBe(0);
    const added = await runCli(
      [
        'site',
        'add',
        'sandnes',
        '--name',
        'Sandnes kommune',
        '--origin',
        'https://www.sandnes.kommune.no',
        'https://intranett.sandnes.kommune.no/',
      ],
      db.env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const listed = await runCli(['site', 'list'], db.env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /sandnes\s+Sandnes kommune\s+https:\/\/www\.sandnes\.kommune\.no https:\/\/intranett\.sandnes\.kommune\.no/,
    );
  });

  it('sets what the privacy page names', async () => {
    const set = await runCli(
      [
        'site',
        'set',
        'sandnes',
        '--controller',
        'Sandnes kommune',
        '--contact',
        'postmottak@sandnes.kommune.no',
        '--dpo',
        'personvernombud@sandnes.kommune.no',
        '--hosting',
        'Norge',
      ],
      db.env,
    );
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain('lacks');
    expect((await runCli(['site', 'set', 'finnes-ikke', '--controller', 'X'], db.env)).code).toBe(2);
    expect((await runCli(['site', 'set', 'sandnes', '--contact', 'ikke-epost'], db.env)).code).toBe(2);
  });

  it('purges comments past their retention', async () => {
    const purge = await runCli(['purge'], { ...db.env, FANTDU_RETENTION_DAYS: '30' });
    expect(purge.code).toBe(0);
    expect(purge.stdout).toMatch(/^Erased \d+ comment\(s\) \(comments older than 30 days\)/);
  });

  it('adds a user and makes a token, each printed alone on the last line', async () => {
    const user = await runCli(
      ['user', 'add', 'ola@sandnes.kommune.no', '--site', 'sandnes', '--role', 'admin'],
      db.env,
    );
    expect(user.code).toBe(0);
    const password = user.stdout.trim().split('\n').at(-1);
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const token = await runCli(['token', 'create', '--site', 'sandnes', '--name', 'Rapporter'], db.env);
    expect(token.code).toBe(0);
    expect(token.stdout.trim().split('\n').at(-1)).toMatch(/^fdu_[A-Za-z0-9_-]{43}$/);
    expect((await runCli(['user', 'add', 'x@y.no', '--site', 'finnes-ikke'], db.env)).code).toBe(2);
    expect((await runCli(['token', 'create', '--site', 'sandnes', '--name', 'x', '--role', 'root'], db.env)).code).toBe(
      2,
    );
  });

  it('lists tokens without their secrets, and revokes one at once', async () => {
    const made = await runCli(
      ['token', 'create', '--site', 'sandnes', '--name', 'Kortvarig', '--expires-days', '30'],
      db.env,
    );
    expect(made.code).toBe(0);
    const secret = made.stdout.trim().split('\n').at(-1) as string;
    const listed = await runCli(['token', 'list', '--site', 'sandnes'], db.env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+MADE \(UTC\)\s+LAST USED \(UTC\)\s+STATE$/m);
    expect(listed.stdout).toMatch(/^\d+\s+Kortvarig\s+editor\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+valid until \d{4}-/m);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain('fdu_');
    const id = /^(\d+)\s+Kortvarig/m.exec(listed.stdout)?.[1] as string;
    const revoked = await runCli(['token', 'revoke', id], db.env);
    expect(revoked.code).toBe(0);
    expect((await runCli(['token', 'list', '--site', 'sandnes'], db.env)).stdout).toMatch(
      new RegExp(`^${id}\\s+Kortvarig.*revoked \\d{4}-`, 'm'),
    );
    for (const bad of [
      ['token', 'revoke', id],
      ['token', 'revoke', 'abc'],
      ['token', 'create', '--site', 'sandnes', '--name', 'x', '--expires-days', '0'],
    ]) {
      const run = await runCli(bad, db.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^fantdu: /);
    }
  }, 60_000);

  it('rescrubs the stored comments and says what it removed', async () => {
    const run = await runCli(['rescrub'], db.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Scrubbed \d+ stored comment\(s\) again; \d+ changed/m);
    const bad = await runCli(['rescrub', '--site', 'finnes-ikke'], db.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('finnes-ikke');
  });

  it('refuses bad input with a clear line and exit code 2', async () => {
    const bad = await runCli(['site', 'add', 'Sandnes!', '--name', 'x', '--origin', 'https://x.no'], db.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[a-z0-9-]{1,64}');
    const noOrigin = await runCli(['site', 'add', 'x', '--name', 'x'], db.env);
    expect(noOrigin.code).toBe(2);
    const unknown = await runCli(['frobnicate'], db.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage');
  });
});

describe('the server', () => {
  it('stops at start on bad configuration with one line naming the variable', async () => {
    const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
      import('node:child_process').then(({ spawn }) => {
        const child = spawn(process.execPath, ['dist/src/server.js'], {
          env: { ...process.env, ...db.env, FANTDU_IP_MODE: 'keep' },
        });
        let output = '';
        child.stderr.on('data', (d) => (output += d));
        child.stdout.on('data', (d) => (output += d));
        child.on('exit', (code) => resolve({ code, output }));
      });
    });
    expect(run.code).toBe(1);
    expect(run.output.trim().split('\n')).toHaveLength(1);
    expect(run.output).toContain('FANTDU_IP_MODE');
  });

  it('takes feedback, and on SIGTERM finishes, closes the database and exits 0', async () => {
    const port = String(await freePort());
    const server = await startServer({ ...db.env, PORT: port, LOG_LEVEL: 'info' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const posted = await fetch(`${server.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `https://www.sandnes.kommune.no` },
      body: JSON.stringify({
        site: 'sandnes',
        url: 'https://www.sandnes.kommune.no/skole/?fnr=02013299997',
        found: false,
        comment: 'tlf 91234567',
      }),
    });
    expect(posted.status).toBe(201);

    // A post in flight when SIGTERM comes: half its body is sent before the signal, the rest after.
    const body = JSON.stringify({ site: 'sandnes', url: 'https://www.sandnes.kommune.no/sent-slowly', found: true });
    const answered = new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 100);
    });
    expect(await answered).toBe(201);
    const started = Date.now();
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    // A new connection is refused once it stops taking them.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(server.output()).toContain('"msg":"stopped"');
    expect(server.output()).not.toContain('91234567');
    expect(server.output()).not.toContain('02013299997');
  });
});
