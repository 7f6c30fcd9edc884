import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Unavailable } from '../../src/errors.ts';
import type { ExportRow } from '../../src/reports/report-read-model.ts';
import { feedbackWorkbook, WorkbookSlots } from '../../src/reports/xlsx.ts';
import { readWorkbook, rowsOf } from '../helpers/workbook.ts';

const created = new Date('2026-11-30T12:00:00Z');
const header = ['id', 'createdAt', 'path', 'found', 'comment', 'redactions', 'status', 'lang', 'themes'];

const answer = (n: number, more: Partial<ExportRow> = {}): ExportRow => ({
  id: randomUUID(),
  ms: Date.parse('2026-02-01T10:00:00Z') + n * 1000,
  path: `/side/${n}`,
  found: n % 2 === 0,
  comment: null,
  redactions: '',
  status: 'new',
  lang: null,
  themes: null,
  ...more,
});

async function* batchesOf(...batches: ExportRow[][]) {
  yield* batches;
}

describe('the feedback workbook', () => {
  it('has a bold, frozen header with filters over every row, and fixed widths', async () => {
    const rows = [answer(1), answer(2), answer(3)];
    const sheet = (await readWorkbook(feedbackWorkbook(batchesOf(rows), { created }))).worksheets[0];
    expect(sheet?.name).toBe('Tilbakemeldinger');
    expect(sheet?.views).toMatchObject([{ state: 'frozen', ySplit: 1, xSplit: 0, topLeftCell: 'A2' }]);
    expect(sheet?.autoFilter).toBe('A1:I4');
    expect(sheet?.getRow(1).font).toMatchObject({ bold: true });
    expect(rowsOf(sheet as never)[0]).toEqual(header);
    expect(sheet?.getColumn(5).width).toBe(80);
    expect(
      rowsOf(sheet as never)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(rows.map((r) => r.id));
  });

  it('writes times as Excel dates showing Oslo clock time, in summer and in winter', async () => {
    const summer = answer(1, { ms: Date.parse('2026-07-01T14:05:09Z') }); // 16:05 CEST
    const winter = answer(2, { ms: Date.parse('2026-01-31T23:30:00Z') }); // 1 February 00:30 CET
    const sheet = (await readWorkbook(feedbackWorkbook(batchesOf([summer, winter]), { created }))).worksheets[0];
    expect(sheet?.getCell('B2').value).toEqual(new Date('2026-07-01T16:05:09Z'));
    expect(sheet?.getCell('B3').value).toEqual(new Date('2026-02-01T00:30:00Z'));
    expect(sheet?.getCell('B2').numFmt).toBe('dd.mm.yyyy hh:mm');
  });

  it('keeps text as typed and as text: a formula stays a string, æøå stay, what XML cannot hold goes', async () => {
    const rows = [
      answer(0, {
        comment: '=HYPERLINK("https://evil.example","Klikk")',
        redactions: 'telefon navn',
        lang: 'nn',
        themes: 'Feil, Spørsmål',
      }),
      answer(1, { comment: 'Blåbær på sjøen\nÆØÅ\uffff', path: '/+1', status: 'spam' }),
    ];
    const sheet = (await readWorkbook(feedbackWorkbook(batchesOf(rows), { created }))).worksheets[0];
    const [, first, second] = rowsOf(sheet as never);
    expect(first?.slice(2)).toEqual([
      '/side/0',
      'Ja',
      '=HYPERLINK("https://evil.example","Klikk")',
      'telefon navn',
      'new',
      'nn',
      'Feil, Spørsmål',
    ]);
    expect(sheet?.getCell('E2').formula).toBeUndefined();
    expect(sheet?.getCell('E2').type).toBe(3); // ValueType.String
    expect(second?.slice(2)).toEqual(['/+1', 'Nei', 'Blåbær på sjøen\nÆØÅ', undefined, 'spam']);
  });

  it('goes on to another sheet, with its own header, when a sheet is full', async () => {
    const rows = Array.from({ length: 7 }, (_, n) => answer(n));
    const workbook = await readWorkbook(
      feedbackWorkbook(batchesOf(rows.slice(0, 2), rows.slice(2)), { created, rowsPerSheet: 3 }),
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Tilbakemeldinger',
      'Tilbakemeldinger 2',
      'Tilbakemeldinger 3',
    ]);
    expect(workbook.worksheets.map((s) => s.autoFilter)).toEqual(['A1:I4', 'A1:I4', 'A1:I2']);
    const ids = workbook.worksheets.flatMap((s) => rowsOf(s).map((r) => r[0]));
    expect(ids).toEqual([
      header[0],
      ...rows.slice(0, 3).map((r) => r.id),
      header[0],
      ...rows.slice(3, 6).map((r) => r.id),
      header[0],
      rows[6]?.id,
    ]);
    expect(workbook.worksheets.every((s) => s.views[0]?.state === 'frozen')).toBe(true);
  });

  it('with no answers is a header alone', async () => {
    const sheet = (await readWorkbook(feedbackWorkbook(batchesOf(), { created }))).worksheets[0];
    expect(rowsOf(sheet as never)).toEqual([header]);
  });
});

describe('streaming', () => {
  /** Batches of varied text, counting how many were asked for and whether the export let go of them. */
  function counted(batches: number, size: number) {
    const seen = { batches: 0, closed: false };
    async function* make() {
      try {
        for (; seen.batches < batches; ) {
          seen.batches++;
          yield Array.from({ length: size }, (_, n) => answer(n, { comment: `${randomUUID()} ${randomUUID()}` }));
        }
      } finally {
        seen.closed = true;
      }
    }
    return { seen, batches: make() };
  }

  /** How many batches were asked for once no more are (the writer's thread started, then no change for 300 ms). */
  async function settled(seen: { batches: number }): Promise<number> {
    while (seen.batches === 0) await sleep(50);
    for (let last = -1; seen.batches !== last; await sleep(300)) last = seen.batches;
    return seen.batches;
  }

  it('reads no further batches while the client is not reading, and all of them once it does', async () => {
    const { seen, batches } = counted(80, 500);
    const file = feedbackWorkbook(batches, { created });
    expect(await settled(seen)).toBeLessThan(20);
    const sheet = (await readWorkbook(file)).worksheets[0];
    expect(seen.batches).toBe(80);
    expect(sheet?.rowCount).toBe(1 + 80 * 500);
  }, 30_000);

  it("lets go of the batches and ends the writer's thread when the client goes away", async () => {
    const { seen, batches } = counted(60, 500);
    let exited = () => {};
    const threadEnded = new Promise<void>((resolve) => (exited = resolve));
    const file = feedbackWorkbook(batches, { created, onExit: () => exited() });
    await settled(seen);
    file.destroy();
    await threadEnded;
    expect(seen.closed).toBe(true);
    expect(seen.batches).toBeLessThan(20);
  });

  it('ends the export, its thread and its batches when the client takes up nothing for a while', async () => {
    const { seen, batches } = counted(60, 500);
    let exited = () => {};
    const threadEnded = new Promise<void>((resolve) => (exited = resolve));
    const file = feedbackWorkbook(batches, { created, stalledMs: 500, onExit: () => exited() });
    const failed = new Promise<Error>((resolve) => file.on('error', resolve));
    expect((await failed).message).toBe('the client took up nothing for 0.5 s');
    await threadEnded;
    expect(file.destroyed).toBe(true);
    expect(seen.closed).toBe(true);
    expect(seen.batches).toBeLessThan(20);
  });

  it('keeps an export going while the client reads, however slowly', async () => {
    const { batches } = counted(20, 500);
    const file = feedbackWorkbook(batches, { created, stalledMs: 400 });
    let bytes = 0;
    for await (const chunk of file) {
      bytes += (chunk as Buffer).length;
      await sleep(bytes < 300_000 ? 150 : 0); // each pause shorter than the limit, together far longer
    }
    expect(file.destroyed).toBe(true);
    expect(file.errored).toBe(null);
  }, 60_000);

  it('fails the download and ends the thread when the batches fail', async () => {
    async function* failing() {
      yield [answer(1), answer(2)];
      throw new Error('the database went away');
    }
    let exited = () => {};
    const threadEnded = new Promise<void>((resolve) => (exited = resolve));
    const file = feedbackWorkbook(failing(), { created, onExit: () => exited() });
    await expect(readWorkbook(file)).rejects.toThrow('the database went away');
    await threadEnded;
  });

  it("holds batches of the longest answers the intake takes within the thread's memory", async () => {
    const long = (n: number) => `${n} ${'Søknaden 🙂 ᚠᚢᚦ '.repeat(62)}`; // under 1000, not Latin-1 (2 bytes each)
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 500 }, (_, n) =>
        answer(b * 500 + n, { comment: long(n), path: `/${'sti/'.repeat(100)}${n}`, themes: long(b) }),
      ),
    );
    const sheet = (await readWorkbook(feedbackWorkbook(batchesOf(...batches), { created }))).worksheets[0];
    expect(sheet?.rowCount).toBe(1 + 5000);
    expect(sheet?.getCell('E5001').value).toBe(long(499));
  }, 30_000);
});

describe('workbook slots', () => {
  it('gives out as many as it has, then Unavailable with a Retry-After, and each back once', () => {
    const slots = new WorkbookSlots(2);
    const first = slots.take();
    slots.take();
    expect(slots.inUse).toBe(2);
    const refused = (() => {
      try {
        slots.take();
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(Unavailable);
    expect(refused).toMatchObject({ retryAfter: 30 });
    first();
    first();
    expect(slots.inUse).toBe(1);
    slots.take();
    expect(() => slots.take()).toThrow(Unavailable);
  });
});
