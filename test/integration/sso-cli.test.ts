import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

/** `fantdu sso grant|list|revoke` as operators run them (the built CLI), on the test database or an embedded one. */
let t: TestDb;
let dataDir: string;
let env: Record<string, string>;
const sso = (...args: string[]) => runCli(['sso', ...args], env);

beforeAll(async () => {
  t = await createTestDb();
  dataDir = mkdtempSync(join(tmpdir(), 'fantdu-'));
  env = t.url ? { DATABASE_URL: t.url } : { FANTDU_DATA_DIR: dataDir };
  if (t.url) await t.db.destroy(); // the processes below are the database's users now
  const site = await runCli(['site', 'add', 'kommune', '--name', 'Kommune', '--origin', 'https://kommune.no'], env);
  expect(site.code).toBe(0);
});
afterAll(async () => {
  await t.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fantdu sso', () => {
  it('grants by claim value and by e-mail domain, lists, and revokes by id or by what the grant matches', async () => {
    const byClaim = await sso('grant', '--site', 'kommune', '--claim', '6f1c0a52-redaktorer');
    expect(byClaim).toMatchObject({ code: 0, stderr: '' });
    expect(byClaim.stdout).toContain(
      'Granted 1: editor of "kommune" for everyone whose groups claim holds "6f1c0a52-redaktorer", from their next',
    );
    expect(byClaim.stdout).toContain('Single sign-on is not set up yet (FANTDU_OIDC_ISSUER is unset).');
    const byDomain = await runCli(
      ['sso', 'grant', '--site', 'kommune', '--email-domain', 'Kommune.no', '--role', 'admin'],
      { ...env, FANTDU_OIDC_ROLES_CLAIM: 'roles' },
    );
    expect(byDomain.stdout).toContain('Granted 2: admin of "kommune" for everyone whose e-mail at kommune.no');
    const again = await sso('grant', '--site', 'kommune', '--claim', '6f1c0a52-redaktorer', '--role', 'admin');
    expect(again.stdout).toMatch(/^Changed 1: admin of "kommune"/);
    const list = await sso('list');
    expect(list.stdout).toMatch(/^ID\s+SITE\s+ROLE\s+MADE \(UTC\)\s+FOR EVERYONE WHOSE\n/);
    expect(list.stdout).toMatch(
      /\n1\s+kommune\s+admin\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+groups claim holds "6f1c0a52-redaktorer"\n/,
    );
    expect(list.stdout).toMatch(/\n2\s+kommune\s+admin\s+.*e-mail at kommune\.no\n$/);
    expect((await sso('list', '--site', 'annen')).stdout).toMatch(/^No grants/);
    expect((await sso('revoke', '1')).stdout).toBe(
      'Revoked grant 1 (admin of "kommune"): it gives nothing from now on.\n',
    );
    expect((await sso('revoke', '--site', 'kommune', '--email-domain', 'KOMMUNE.NO')).code).toBe(0);
    expect((await sso('list')).stdout).toMatch(/^No grants/);
  }, 90_000);

  it.each([
    [['grant', '--site', 'kommune'], /either --claim VALUE or --email-domain DOMAIN/],
    [['grant', '--site', 'kommune', '--claim', 'a', '--email-domain', 'b.no'], /either --claim/],
    [['grant', '--claim', 'a'], /sso grant needs --site ID/],
    [['grant', '--site', 'kommune', '--claim', 'a', '--role', 'root'], /--role must be editor or admin/],
    [['grant', '--site', 'finnes-ikke', '--claim', 'a'], /There is no site "finnes-ikke"/],
    [['grant', '--site', 'kommune', '--email-domain', 'ikke et domene'], /--email-domain must be a domain/],
    [['revoke'], /sso revoke needs a grant ID/],
    [['revoke', '7', '--site', 'kommune', '--claim', 'a'], /sso revoke needs a grant ID/],
    [['revoke', '999'], /There is no such grant/],
    [['revoke', 'x'], /"x" is not a grant id/],
    [['grant', '--site', 'kommune', '--claim', 'a', '--what'], /Unknown option '--what'/],
  ])('refuses %j with a clear line and exit 2', async (args, message) => {
    const run = await sso(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
