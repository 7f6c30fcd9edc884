import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duePeriods } from '../../src/notifications/notifier.ts';
import { osloDay } from '../../src/reports/oslo-dates.ts';
import { runCli } from '../helpers/processes.ts';
import { startMailServer, startWebhookReceiver } from '../helpers/receivers.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let dir: string;
let env: Record<string, string>;
let mail: Awaited<ReturnType<typeof startMailServer>>;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
const fantdu = (...args: string[]) => runCli(args, env);

/** The day `n` days before today in Oslo. */
const daysAgo = (n: number) => osloDay(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'fantdu-notify-'));
  mail = await startMailServer();
  hooks = await startWebhookReceiver();
  env = {
    ...(t.url ? { DATABASE_URL: t.url } : { FANTDU_DATA_DIR: join(dir, 'data') }),
    FANTDU_SMTP_URL: mail.url,
    FANTDU_PUBLIC_URL: 'https://fantdu.kommune.no',
  };
});

afterAll(async () => {
  await mail?.close();
  await hooks?.close();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npx fantdu notify and webhook', () => {
  it('mails the weekly digest and posts a signed alert once; a second notify sends nothing', async () => {
    expect(
      (await fantdu('site', 'add', 'kommune', '--name', 'Kommune', '--origin', 'https://www.kommune.no')).code,
    ).toBe(0);
    // Last week's answers (for the weekly digest), and a spike: 20 % "no" before, 70 % over the last 7 days.
    const rows = ['createdAt;path;found;comment'];
    const week = duePeriods(new Date()).weekly;
    rows.push(`${week.from} 12:00:00;/skjema;nei;Ring meg på 912 34 567`, `${week.to} 12:00:00;/skjema;ja;`);
    for (let i = 0; i < 100; i++) rows.push(`${daysAgo(8 + (i % 27))} 12:00:00;/spike;${i < 20 ? 'nei' : 'ja'};`);
    // Yesterday and the five days before: today's 00:30 is still ahead in the first half hour after midnight.
    for (let i = 0; i < 20; i++) rows.push(`${daysAgo(1 + (i % 6))} 00:30:00;/spike;${i < 14 ? 'nei' : 'ja'};`);
    writeFileSync(join(dir, 'svar.csv'), `${rows.join('\r\n')}\r\n`);
    expect((await fantdu('import', '--site', 'kommune', join(dir, 'svar.csv'))).code).toBe(0);
    expect((await fantdu('user', 'add', 'redaktor@kommune.no', '--site', 'kommune')).code).toBe(0);

    const added = await fantdu('webhook', 'add', '--site', 'kommune', '--url', `${hooks.url}/hook`);
    expect(added.code).toBe(0);
    const lines = added.stdout.trim().split('\n');
    const secret = lines.at(-1) as string;
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(lines[0]).toMatch(/^Webhook [0-9a-f-]{36} posts the alerts of "kommune" to 127\.0\.0\.1:\d+ as json\.$/);
    const list = await fantdu('webhook', 'list', '--site', 'kommune');
    expect(list.stdout).toContain('127.0.0.1');
    expect(list.stdout).not.toContain(secret);
    expect(list.stdout).not.toContain('/hook');

    const first = await fantdu('notify');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const sent = first.stdout.trim().split('\n');
    expect(sent).toHaveLength(2);
    expect(sent).toContainEqual(
      expect.stringMatching(/^sent {2}mail {2}digest {2}redaktor@kommune\.no {2}digest:weekly:/),
    );
    expect(sent).toContainEqual(expect.stringMatching(/^sent {2}webhook {2}alert {2}webhook [0-9a-f-]{36} \(127/));
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]?.text).toContain('/skjema: 1 ja, 1 nei');
    expect(mail.mails[0]?.text).not.toMatch(/912|Ring meg/);
    const [post] = hooks.posts;
    const signature = `sha256=${createHmac('sha256', secret)
      .update(post?.body ?? '')
      .digest('hex')}`;
    expect(post?.headers['x-fantdu-signature']).toBe(signature);
    expect(JSON.parse(post?.body ?? '{}').alert.path).toBe('/spike');

    const second = await fantdu('notify');
    expect(second).toMatchObject({ code: 0, stdout: 'Nothing is due.\n' });
    expect(mail.mails).toHaveLength(1);
    expect(hooks.posts).toHaveLength(1);

    const id = /Webhook ([0-9a-f-]{36})/.exec(lines[0] ?? '')?.[1] as string;
    expect((await fantdu('webhook', 'remove', id)).stdout).toBe(
      `Removed webhook ${id} of "kommune": nothing more is posted to it.\n`,
    );
    expect((await fantdu('webhook', 'list')).stdout).toContain('No webhooks.');
  }, 120_000);

  // Each run opens the database: on the embedded one that is seconds a run, so these refusals run on Postgres only.
  it.skipIf(process.env.FANTDU_TEST_DB !== 'postgres')(
    'refuses bad webhooks and settings with a clear message and exit 2, changing nothing',
    async () => {
      for (const [args, message] of [
        [['webhook', 'add', '--site', 'kommune', '--url', 'ftp://example.no/x'], 'http:// or https://'],
        [['webhook', 'add', '--site', 'kommune', '--url', 'https://user:pw@example.no/x'], 'no user or password'],
        [
          ['webhook', 'add', '--site', 'kommune', '--url', `https://example.no/${'x'.repeat(2000)}`],
          'http:// or https://',
        ],
        [
          ['webhook', 'add', '--site', 'kommune', '--url', 'https://example.no', '--format', 'xml'],
          'json, teams or slack',
        ],
        [['webhook', 'add', '--site', 'finnes-ikke', '--url', 'https://example.no'], 'There is no site'],
        [['webhook', 'add', '--site', 'kommune'], 'needs --site ID and --url URL'],
        [['webhook', 'remove', 'not-an-id'], 'There is no webhook'],
        [['site', 'set', 'kommune', '--comments-in-notifications', 'kanskje'], 'must be yes or no'],
      ] as const) {
        const run = await fantdu(...args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr).toContain(message);
        expect(run.stderr).not.toContain('pw@');
      }
      expect((await fantdu('webhook', 'list')).stdout).toContain('No webhooks.');
      expect((await fantdu('site', 'set', 'kommune', '--comments-in-notifications', 'yes')).stdout).toContain(
        'Mails and webhooks carry its comments.',
      );
    },
    120_000,
  );
});
