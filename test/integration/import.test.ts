import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCounts } from '../../src/reports/count-fold.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { runCli } from '../helpers/processes.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const now = new Date('2026-06-01T12:00:00Z');
let t: TestDb;
let fantdu: TestApp;
let token: string;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now });
  for (const id of ['excel', 'iso', 'kommune', 'kopi', 'feil', 'privat', 'gammel', 'mange'])
    await fantdu.services.sites.add({ id, name: id, origins: [`https://www.${id}.no`] });
  token = await fantdu.services.tokens.createToken('kommune', 'Eksport', 'editor');
  dir = mkdtempSync(join(tmpdir(), 'fantdu-import-'));
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Imports a file's text as the CLI does, in chunks of 7 characters (a stream cuts anywhere). */
function importText(site: string, text: string) {
  return fantdu.services.import.fromCsv(
    'test',
    site,
    (async function* () {
      for (let at = 0; at < text.length; at += 7) yield text.slice(at, at + 7);
    })(),
  );
}

const rowsOf = (site: string) =>
  t
    .db('feedback')
    .where({ site_id: site })
    .orderBy('created_at')
    .select('id', 'path', 'found', 'comment', 'redactions', 'lang', 'status', 'client_address', 'created_at');

/** The daily counts, once what was stored is folded in (as a read of them does first). */
const pageDays = async (site: string) => {
  await foldCounts(t.db);
  return t
    .db('page_days')
    .where({ site_id: site })
    .orderBy(['path', 'day'])
    .select('path', 'day', 'yes', 'no', 'comments');
};

describe('import', () => {
  it('reads a file as Excel in Norway saves it: ; with a BOM, CRLF, Oslo local times', async () => {
    const text =
      '\uFEFFid;createdAt;path;found;comment;redactions;status;lang;themes\r\n' +
      ';2026-03-15 10:30:00;/skole/påmelding;nei;Finner ikke skjemaet;;new;nb;Skjema\r\n' +
      ';29.03.2026 12:00;/skole/p%C3%A5melding/index.html;Ja;;;read;;\r\n' +
      '0b8a3f3e-3c51-4a7e-9d3c-2f1d8f6b9a10;2026-01-10 08:00:00;/avfall;NEI;"Når; hentes ""søpla""?";;done;nn;\r\n';
    expect(await importText('excel', text)).toEqual({ imported: 3, skipped: 0, refused: 0, refusals: [] });
    const rows = await rowsOf('excel');
    expect(rows.map((r) => [r.created_at.toISOString(), r.path, r.found, r.comment, r.status, r.lang])).toEqual([
      ['2026-01-10T07:00:00.000Z', '/avfall', false, 'Når; hentes "søpla"?', 'done', 'nn'],
      ['2026-03-15T09:30:00.000Z', '/skole/påmelding', false, 'Finner ikke skjemaet', 'new', 'nb'],
      ['2026-03-29T10:00:00.000Z', '/skole/påmelding/', true, null, 'read', null],
    ]);
    expect(rows[0]?.id).toBe('0b8a3f3e-3c51-4a7e-9d3c-2f1d8f6b9a10');
    expect(rows.every((r) => r.client_address === null)).toBe(true);
  });

  it('reads , without a BOM, ISO times, a url column, headers in any case, columns it does not know', async () => {
    const text =
      'URL,CreatedAt,Found,Comment,Rating\n' +
      'https://www.iso.no/parkering?sone=2#kart,2026-05-01T10:00:00Z,1,,5\n' +
      'https://www.iso.no//parkering/,2026-05-01T12:00:00.250+02:00,false,"Takk,\nfant det",1\n' +
      'https://www.iso.no/parkering,2026-05-02T08:00:00+0100,TRUE,,\n';
    expect(await importText('iso', text)).toMatchObject({ imported: 3, refused: 0 });
    const rows = await rowsOf('iso');
    expect(rows.map((r) => [r.created_at.toISOString(), r.path, r.found, r.comment])).toEqual([
      ['2026-05-01T10:00:00.000Z', '/parkering', true, null],
      ['2026-05-01T10:00:00.250Z', '/parkering/', false, 'Takk,\nfant det'],
      ['2026-05-02T07:00:00.000Z', '/parkering', true, null],
    ]);
  });

  it("takes back fantdu's own export, into another site with the same counts; run again, nothing new", async () => {
    await seedFeedback(fantdu.stores, [
      {
        site: 'kommune',
        path: '/a',
        found: false,
        at: '2026-05-10T10:00:00Z',
        comment: 'Hvor er "skjemaet"?\nRing 912 34 567',
      },
      { site: 'kommune', path: '/a', found: false, at: '2026-05-10T10:00:00Z', comment: '=SUM(A1:A2) er ingen formel' },
      { site: 'kommune', path: '/a', found: true, at: '2026-05-11T10:00:00Z', lang: 'en' },
      { site: 'kommune', path: '/b%20c', found: true, at: '2026-03-29T00:30:00Z', comment: 'Åpningstider; takk' },
      { site: 'kommune', path: '/b%20c', found: false, at: '2026-05-12T21:59:59Z' },
    ]);
    await t.db('feedback').where({ site_id: 'kommune', path: '/a', found: true }).update({ status: 'spam' });
    for (const sep of [';', ',']) {
      const res = await request(fantdu.callback)
        .get(`/api/v1/sites/kommune/feedback.csv?sep=${sep}`)
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      const site = sep === ';' ? 'kopi' : 'kommune';
      const first = await importText(site, res.text);
      // The same site has them all (by their ids); another site takes a copy of each.
      expect(first).toEqual(
        site === 'kopi'
          ? { imported: 5, skipped: 0, refused: 0, refusals: [] }
          : { imported: 0, skipped: 5, refused: 0, refusals: [] },
      );
      expect(await importText(site, res.text)).toEqual({ imported: 0, skipped: 5, refused: 0, refusals: [] });
    }
    const answers = async (site: string) =>
      (await rowsOf(site))
        .map(({ id: _, ...r }) => JSON.stringify(r))
        .sort()
        .map((r) => JSON.parse(r));
    expect(await answers('kopi')).toEqual(await answers('kommune'));
    expect((await answers('kopi')).map((r) => r.comment)).toContain('=SUM(A1:A2) er ingen formel');
    expect(await pageDays('kopi')).toEqual(await pageDays('kommune'));
    // Spam counts nowhere, imported or not.
    expect(await pageDays('kopi')).toContainEqual({ path: '/a', day: expect.anything(), yes: 0, no: 2, comments: 2 });
  });

  it('refuses bad rows with their lines and what is wrong, stores none of them, and imports the rest', async () => {
    const long = 'x'.repeat(1001);
    const text = [
      'id,createdAt,path,found,comment,lang,status',
      ',2026-05-01 10:00:00,/ok,ja,"Første linje',
      'andre linje",,',
      ',2026-13-01 10:00:00,/dato,ja,,,',
      ',2027-01-01T00:00:00Z,/framtid,ja,,,',
      ',1999-12-31 23:00:00,/gammel,ja,,,',
      ',2026-03-29 02:30:00,/sommertid,ja,,,',
      ',2026-05-01 10:00:00,/svar,kanskje,,,',
      ',2026-05-01 10:00:00,/sprak,ja,,de,',
      `,2026-05-01 10:00:00,/lang,nei,"${long}",,`,
      'ikke-en-uuid,2026-05-01 10:00:00,/id,ja,,,',
      ',2026-05-01 10:00:00,,ja,Ring 912 34 567,,',
      ',2026-05-01 10:00:00,/status,ja,,,slettet',
      ',,/tom,,,,',
      ',2026-05-01 10:00:00,/ok,1,  ,,',
      '',
    ].join('\r\n');
    const result = await importText('feil', text);
    expect(result.refusals).toEqual([
      { line: 4, reason: 'createdAt must be an Oslo time (YYYY-MM-DD HH:MM:SS) or ISO 8601 with an offset' },
      { line: 5, reason: 'createdAt must not be in the future' },
      { line: 6, reason: 'createdAt must be in 2000 or later' },
      { line: 7, reason: 'createdAt must be an Oslo time (YYYY-MM-DD HH:MM:SS) or ISO 8601 with an offset' },
      { line: 8, reason: 'found must be yes or no' },
      { line: 9, reason: 'lang must be nb, nn or en' },
      { line: 10, reason: 'comment must be at most 1000 characters' },
      { line: 11, reason: 'id must be a UUID' },
      { line: 12, reason: 'path is required' },
      { line: 13, reason: 'status must be new, read, done or spam' },
      { line: 14, reason: 'createdAt is required; found is required' },
    ]);
    expect(result).toMatchObject({ imported: 2, skipped: 0, refused: 11 });
    expect(JSON.stringify(result)).not.toContain('912');
    const rows = await rowsOf('feil');
    expect(rows.map((r) => [r.path, r.comment])).toEqual([
      ['/ok', 'Første linje\nandre linje'],
      ['/ok', null],
    ]);
    await foldCounts(t.db);
    expect(await t.db('page_days').where({ site_id: 'feil' }).first(t.db.raw('sum(yes)::int as yes'))).toEqual({
      yes: 2,
    });
  });

  it('takes a path only as a path on the site, as an editor would write it', async () => {
    const text =
      'createdAt,path,found\n2026-05-01 10:00:00,javascript:alert(1),ja\n2026-05-01 10:00:00,mailto:a@b.no,ja\n';
    const result = await importText('feil', text);
    expect(result).toMatchObject({ imported: 0, refused: 2 });
    expect(result.refusals[0]).toEqual({ line: 2, reason: 'path must be a path on the site, starting with /' });
  });

  it('lists the first 100 refusals, and stops at a quote never closed with the rows before it imported', async () => {
    const bad = Array.from({ length: 150 }, () => '2026-05-01 10:00:00,/x,kanskje,');
    const text = [
      'createdAt,path,found,comment',
      ...bad,
      '2026-05-01 10:00:00,/ok-too,ja,',
      '2026-05-01 11:00:00,/x,ja,"Å',
    ];
    const result = await importText('feil', [...text, '2026-05-01 12:00:00,/x,ja,', ''].join('\n'));
    expect(result).toMatchObject({ imported: 1, skipped: 0, refused: 151 });
    expect(result.refusals).toHaveLength(100);
    expect(result.refusals[99]).toEqual({ line: 101, reason: 'found must be yes or no' });
    const end = await importText('feil', 'createdAt,path,found,comment\n2026-05-01 11:00:00,/x,ja,"Å\n');
    expect(end.refusals).toEqual([
      { line: 2, reason: 'a quoted field is never closed; the rest of the file was not read' },
    ]);
  });

  it('scrubs every comment before it is stored; the raw text is in no row, refusal or log line', async () => {
    const raw = 'Ring meg på 912 34 567. Hilsen Kari Nordmann, Storgata 5';
    const text = `createdAt;path;found;comment\n2026-05-20 09:00:00;/kontakt;nei;${raw}\n2026-99-20;/x;nei;${raw}\n`;
    const result = await importText('privat', text);
    expect(result).toMatchObject({ imported: 1, refused: 1 });
    const [row] = await rowsOf('privat');
    expect(row?.comment).toBe('Ring meg på [telefon]. Hilsen [navn], [adresse]');
    expect(row?.redactions).toEqual(['telefon', 'navn', 'adresse']);
    const everything = JSON.stringify([await t.db('feedback').select('*'), await t.db('audit_log').select('*')]);
    for (const secret of ['912 34 567', '91234567', 'Kari', 'Nordmann', 'Storgata']) {
      expect(everything).not.toContain(secret);
      expect(JSON.stringify(result)).not.toContain(secret);
      expect(fantdu.log.text).not.toContain(secret);
    }
    const [audit] = await t.db('audit_log').where({ site_id: 'privat', action: 'feedback.import' }).select('*');
    expect(audit).toMatchObject({ actor: 'test', details: { imported: 1, skipped: 0, refused: 1 } });
  });

  it('keeps the answer but not the comment of a row older than FANTDU_RETENTION_DAYS', async () => {
    const text =
      'createdAt,path,found,comment\n' +
      '2025-11-01 10:00:00,/eldre,nei,Gammel kommentar\n' +
      '2026-05-01 10:00:00,/nyere,nei,Ny kommentar\n';
    expect(await importText('gammel', text)).toMatchObject({ imported: 2 });
    expect((await rowsOf('gammel')).map((r) => [r.path, r.comment, r.redactions])).toEqual([
      ['/eldre', null, []],
      ['/nyere', 'Ny kommentar', []],
    ]);
  });

  it('imports in batches; rows without ids get ids of their own, the same again on a second run', async () => {
    const lines = ['createdAt,path,found,comment'];
    for (let i = 0; i < 1203; i++)
      lines.push(`2026-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,/side-${i % 7},${i % 3 ? 'ja' : 'nei'},`);
    // Answers alike are answers all the same (rows i and i + 84 are alike).
    const comment = '2026-05-30 10:00:00,/side-0,nei,Åpningstidene for biblioteket';
    lines.push(comment, comment);
    const text = `${lines.join('\n')}\n`;
    expect(await importText('mange', text)).toEqual({ imported: 1205, skipped: 0, refused: 0, refusals: [] });
    expect(await importText('mange', text)).toEqual({ imported: 0, skipped: 1205, refused: 0, refusals: [] });
    await foldCounts(t.db);
    const total = await t.db('page_days').where({ site_id: 'mange' }).select(t.db.raw('sum(yes + no)::int as n'));
    expect(total).toEqual([{ n: 1205 }]);
    const pages = await request(fantdu.callback)
      .get('/api/v1/sites/mange/pages?from=2026-05-01&to=2026-05-31&sort=path')
      .set('Authorization', `Bearer ${await fantdu.services.tokens.createToken('mange', 'Rapport', 'editor')}`);
    expect(pages.body.items[0]).toMatchObject({ path: '/side-0', total: 174, comments: 2 });
    const terms = await t.db('term_days').where({ site_id: 'mange' }).select('term', 'comments');
    expect(terms).toContainEqual({ term: 'bibliotek', comments: 2 });
  });
});

describe('npx fantdu import', () => {
  it('prints the refused rows and the counts, and exits 0, 1 or 2', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const env: Record<string, string> = t.url ? { DATABASE_URL: t.url } : { FANTDU_DATA_DIR: dataDir };
    expect((await runCli(['site', 'add', 'cli', '--name', 'Cli', '--origin', 'https://www.cli.no'], env)).code).toBe(0);
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const file = join(dir, 'svar.csv');
    writeFileSync(
      file,
      '\uFEFFcreatedAt;path;found;comment\r\n' +
        `${day} 10:00:00;/a;ja;Ring 912 34 567\r\n${day} 10:00:00;/a;jo;Ring 913 45 678\r\n`,
    );
    const run = await runCli(['import', '--site', 'cli', file], env);
    expect(run.stdout).toBe('line 3: found must be yes or no\nimported 1, skipped 0, refused 1\n');
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).not.toMatch(/912|913/);

    writeFileSync(file, `createdAt;path;found\r\n${day} 10:00:00;/b;nei\r\n`);
    expect(await runCli(['import', '--site', 'cli', file], env)).toMatchObject({
      code: 0,
      stdout: 'imported 1, skipped 0, refused 0\n',
    });
    writeFileSync(file, 'createdAt;found\r\n');
    for (const args of [
      ['import', '--site', 'finnes-ikke', file],
      ['import', '--site', 'cli', join(dir, 'finnes-ikke.csv')],
      ['import', '--site', 'cli', file],
      ['import', file],
    ]) {
      const bad = await runCli(args, env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^fantdu: (There is no (site|file)|The file has no column path|import needs)/);
    }
  }, 240_000);
});
