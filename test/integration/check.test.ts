import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { checkParts, formatLine } from '../../src/operator/check.ts';
import { withDatabase } from '../helpers/global-setup.ts';
import { freePort, killServers, runCli, startServer } from '../helpers/processes.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { canRunThrowawayPostgres, startThrowawayPostgres } from '../helpers/throwaway-postgres.ts';

/** `fantdu check` as operators run it, against real servers: Postgres or the embedded database, Redis, SMTP, OIDC. */
let t: TestDb;
let dataDir: string;
let dbEnv: Record<string, string>;
const redisUrl = process.env.TEST_REDIS_URL;
const secrets = {
  FANTDU_SECRET: 'fantdu-secret-som-aldri-skal-vises-0123456789',
  FANTDU_METRICS_TOKEN: 'metrics-token-aldri-vist',
};
const oidcSecret = 'oidc-klienthemmelighet';
const neverPrinted = [...Object.values(secrets), oidcSecret, 'hemmelig-passord', 'redis-passord', 'smtp-passord'];

beforeAll(async () => {
  t = await createTestDb();
  dataDir = mkdtempSync(join(tmpdir(), 'fantdu-check-'));
  dbEnv = t.url ? { DATABASE_URL: t.url } : { FANTDU_DATA_DIR: dataDir };
  if (!t.url) expect((await runCli(['migrate'], dbEnv)).code).toBe(0);
});
afterAll(async () => {
  killServers();
  await t.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const expectNoSecret = (output: string) => {
  for (const secret of neverPrinted) expect(output).not.toContain(secret);
};

/** The check's lines in this process, on the test's own database, for the environment `env` adds. */
async function check(env: Record<string, string>) {
  const lines = await checkParts(loadConfig({ ...dbEnv, ...secrets, ...env }), t.db);
  const text = lines.map(formatLine).join('\n');
  expectNoSecret(text);
  return { lines, text, line: (part: string) => lines.find((l) => l.part === part) };
}

describe('fantdu check', () => {
  it('exits 0 on a good configuration, one line per part', async () => {
    const env = redisUrl ? { ...dbEnv, FANTDU_RATE_LIMIT_STORE: 'redis', REDIS_URL: redisUrl } : dbEnv;
    const run = await runCli(['check'], { ...env, ...secrets });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const part = t.url ? 'DATABASE_URL' : 'FANTDU_DATA_DIR';
    expect(run.stdout).toMatch(new RegExp(`^ok +${part}: .* answers; its \\d+ migrations are this fantdu's$`, 'm'));
    if (redisUrl) expect(run.stdout).toMatch(/^ok +REDIS_URL: redis:\/\/.* answers/m);
    expect(run.stdout).toMatch(/^- +FANTDU_SMTP_URL: not set/m);
    expect(run.stdout).toMatch(/^ok +FANTDU_PUBLIC_URL: http:\/\/127\.0\.0\.1:3000/m);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Every part answers.');
    expectNoSecret(run.stdout);
  });

  it('names DATABASE_URL when nothing answers there, quickly and without its password', async () => {
    const url = `postgres://fantdu:hemmelig-passord@127.0.0.1:${await freePort()}/fantdu`;
    const started = Date.now();
    const run = await runCli(['check'], { DATABASE_URL: url });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^FAIL DATABASE_URL: nothing listens at 127\.0\.0\.1:\d+: is Postgres running there\?$/m,
    );
    expect(run.stdout).toMatch(/^Not ready: DATABASE_URL\.$/m);
    expectNoSecret(run.stdout + run.stderr);
  });

  it.runIf(process.env.FANTDU_TEST_DB === 'postgres')(
    'says which database does not exist and how to make it',
    async () => {
      const url = new URL(withDatabase(t.url as string, 'finnes_ikke'));
      url.password = 'hemmelig-passord';
      const [database] = await checkParts(loadConfig({ DATABASE_URL: url.href }));
      expect(database && formatLine(database)).toMatch(
        /^FAIL DATABASE_URL: database "finnes_ikke" does not exist: create the database \(createdb\) or correct its/,
      );
    },
  );

  it.runIf(canRunThrowawayPostgres && process.env.FANTDU_TEST_DB === 'pglite')(
    'says the password was refused, without printing it',
    async () => {
      const pg = await startThrowawayPostgres('det-rette-passordet');
      try {
        const wrong = new URL(pg.url);
        wrong.password = 'hemmelig-passord';
        const lines = await checkParts(loadConfig({ DATABASE_URL: wrong.href }));
        const text = lines.map(formatLine).join('\n');
        expect(text).toMatch(
          /^FAIL DATABASE_URL: password authentication failed for user "postgres": check the password$/m,
        );
        expectNoSecret(text);
        const [right] = await checkParts(loadConfig({ DATABASE_URL: pg.url }));
        expect(right && formatLine(right)).toMatch(/^FAIL DATABASE_URL: postgres:\/\/postgres:\*\*\*@127.*lacks \d+/);
        expect(right?.text).not.toContain('det-rette-passordet');
      } finally {
        pg.destroy();
      }
    },
    60_000,
  );

  it('names REDIS_URL when nothing answers there, quickly and without its password', async () => {
    const url = `redis://:redis-passord@127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const run = await runCli(['check'], { ...dbEnv, FANTDU_RATE_LIMIT_STORE: 'redis', REDIS_URL: url });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL REDIS_URL: nothing listens at 127\.0\.0\.1:\d+: is Redis running there\?/m);
    expect(run.stdout).toMatch(/^Not ready: REDIS_URL\.$/m);
    expectNoSecret(run.stdout + run.stderr);
  });

  describe('SMTP', () => {
    let smtp: SMTPServer;
    let port: number;
    beforeAll(async () => {
      smtp = new SMTPServer({
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        onAuth: (auth, _session, done) =>
          auth.username === 'fantdu' && auth.password === 'smtp-passord'
            ? done(null, { user: 'fantdu' })
            : done(new Error('Invalid username or password')),
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      port = (smtp.server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

    it('greets and takes the login', async () => {
      const { line } = await check({ FANTDU_SMTP_URL: `smtp://fantdu:smtp-passord@127.0.0.1:${port}` });
      expect(line('FANTDU_SMTP_URL')).toEqual({
        part: 'FANTDU_SMTP_URL',
        state: 'ok',
        text: `smtp://fantdu:***@127.0.0.1:${port} greets and takes the login`,
      });
    });

    it('says the login was refused, without the password', async () => {
      const { line } = await check({ FANTDU_SMTP_URL: `smtp://fantdu:feil-smtp-passord@127.0.0.1:${port}` });
      expect(line('FANTDU_SMTP_URL')?.state).toBe('fail');
      expect(line('FANTDU_SMTP_URL')?.text).toMatch(/: check the user and password in FANTDU_SMTP_URL$/);
      expect(line('FANTDU_SMTP_URL')?.text).not.toContain('feil-smtp-passord');
    });

    it('says TLS was expected on a plain port, and names a closed one', async () => {
      const tls = await check({ FANTDU_SMTP_URL: `smtps://fantdu:smtp-passord@127.0.0.1:${port}` });
      expect(tls.line('FANTDU_SMTP_URL')?.state).toBe('fail');
      const closed = await check({ FANTDU_SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
      expect(closed.line('FANTDU_SMTP_URL')?.text).toMatch(/^nothing listens at 127\.0\.0\.1:\d+/);
    });
  });

  describe('OIDC', () => {
    let issuer: string;
    let server: Server;
    let calls = 0;
    const document = (self: string) => ({
      issuer: self,
      authorization_endpoint: `${self}/auth`,
      token_endpoint: `${self}/token`,
      jwks_uri: `${self}/jwks`,
    });
    beforeAll(async () => {
      server = createServer((req, res) => {
        calls++;
        if (req.url === '/realms/kommune/.well-known/openid-configuration')
          return res.end(JSON.stringify(document(`${issuer}`)));
        if (req.url === '/other/.well-known/openid-configuration')
          return res.end(JSON.stringify(document('https://login.example.no/other')));
        res.writeHead(404).end('not here');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/kommune`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const oidc = (address: string, clientId = 'fantdu') => ({
      FANTDU_OIDC_ISSUER: address,
      FANTDU_OIDC_CLIENT_ID: clientId,
      FANTDU_OIDC_CLIENT_SECRET: oidcSecret,
    });

    it('finds the discovery document, names the redirect URI, never the client secret', async () => {
      const { line } = await check(oidc(issuer));
      expect(line('FANTDU_OIDC_ISSUER')).toMatchObject({ state: 'ok' });
      expect(line('FANTDU_OIDC_ISSUER')?.text).toContain('http://127.0.0.1:3000/admin/login/oidc/callback');
      expect(calls).toBeGreaterThan(0);
    });

    it('fails on an issuer that calls itself otherwise, a missing document, a missing client id', async () => {
      const base = issuer.replace('/realms/kommune', '');
      expect((await check(oidc(`${base}/other`))).line('FANTDU_OIDC_ISSUER')?.text).toBe(
        'the issuer calls itself "https://login.example.no/other": set FANTDU_OIDC_ISSUER to exactly that',
      );
      expect((await check(oidc(`${base}/nowhere`))).line('FANTDU_OIDC_ISSUER')?.text).toMatch(/answers 404/);
      // An issuer without its client is a configuration that does not load: check exits 2 naming the variables.
      const noClient = await runCli(['check'], { ...dbEnv, FANTDU_OIDC_ISSUER: issuer });
      expect(noClient.code).toBe(2);
      expect(noClient.stderr).toMatch(/FANTDU_OIDC_CLIENT_ID/);
    });
  });

  it('warns of a plain-http public address and fails one browsers cannot reach', async () => {
    const http = await check({ FANTDU_PUBLIC_URL: 'http://tilbakemelding.kommune.no' });
    expect(http.line('FANTDU_PUBLIC_URL')?.state).toBe('warn');
    expect((await check({ FANTDU_PUBLIC_URL: 'https://tilbakemelding.kommune.no' })).line('FANTDU_PUBLIC_URL')).toEqual(
      expect.objectContaining({ state: 'ok' }),
    );
    expect((await check({ HOST: '0.0.0.0' })).line('FANTDU_PUBLIC_URL')?.state).toBe('fail');
    expect(
      (await check({ HOST: '0.0.0.0', FANTDU_PUBLIC_URL: 'https://localhost' })).line('FANTDU_PUBLIC_URL'),
    ).toEqual(expect.objectContaining({ state: 'warn' }));
  });

  it('the server logs the same lines at start, a part that fails as a warning, and runs on', async () => {
    const port = String(await freePort());
    const redis = `redis://:redis-passord@127.0.0.1:${await freePort()}`;
    const server = await startServer({
      ...dbEnv,
      ...secrets,
      PORT: port,
      FANTDU_RATE_LIMIT_STORE: 'redis',
      REDIS_URL: redis,
    });
    const deadline = Date.now() + 10_000;
    while (!server.output().includes('"part":"FANTDU_PUBLIC_URL"') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"part"'))
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.part).sort()).toEqual(
      [
        t.url ? 'DATABASE_URL' : 'FANTDU_DATA_DIR',
        'FANTDU_OIDC_ISSUER',
        'FANTDU_PUBLIC_URL',
        'FANTDU_SMTP_URL',
        'REDIS_URL',
      ].sort(),
    );
    expect(lines.find((l) => l.part === 'REDIS_URL')).toMatchObject({ level: 40, state: 'fail' });
    expect(lines.find((l) => l.part === 'REDIS_URL').msg).toMatch(/^REDIS_URL: nothing listens at/);
    expect(lines.find((l) => l.part === 'FANTDU_PUBLIC_URL')).toMatchObject({ level: 30, state: 'ok' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expectNoSecret(server.output());
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
