import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { Unavailable } from '../errors.ts';
import { csvColumns } from './csv.ts';
import { osloWallClock } from './oslo-dates.ts';
import type { ExportRow } from './report-read-model.ts';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Widths in characters. A stream cannot measure every row first, so each column gets what its values mostly need. */
const widths: Record<(typeof csvColumns)[number], number> = {
  id: 37,
  createdAt: 17,
  path: 40,
  found: 7,
  comment: 80,
  redactions: 16,
  status: 8,
  lang: 6,
  themes: 30,
};
const columns = csvColumns.map((header) => ({ header, width: widths[header], date: header === 'createdAt' }));

/** Answers read from the database at a time, and handed to the writer's thread at a time. */
export const xlsxBatch = 500;

/** The most rows an Excel sheet has: a sheet holds the header and one answer fewer, and more go on the next. */
export const excelRows = 1_048_576;

/**
 * Text as XML 1.0 can carry it: a sheet holding U+FFFF, or a control character other than tab and line breaks, does
 * not open. A string is always written as a string, never as a formula, so `=` needs no guard here.
 */
const cellText = (text: string) =>
  text.toWellFormed().replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
const optionalText = (text: string | null) => (text ? cellText(text) : null);

/** One answer as the cells of a row: its time an Excel date showing Oslo's clock, empty cells for what it lacks. */
const cellsOf = (row: ExportRow) => [
  row.id,
  osloWallClock(row.ms),
  cellText(row.path),
  row.found ? 'Ja' : 'Nei',
  optionalText(row.comment),
  row.redactions || null,
  row.status,
  row.lang,
  optionalText(row.themes),
];

/**
 * The heap of the thread that writes a workbook. exceljs makes some objects for every cell, and V8 lets what survives
 * a young collection build up in the old generation until a full one, which on a fresh heap comes late: written in
 * the server's own thread, a million rows grew its RSS by 65-80 MB before the first (bench/xlsx.mjs). In a thread of
 * its own, with these limits, the whole thread (exceljs loaded, its heap, zlib) took some 35 MB and gave it back when
 * it ended. Its live data is exceljs and two batches, well under the limit.
 */
const writerLimits = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 };
const writerUrl = new URL('./xlsx-writer.mjs', import.meta.url);

/** A client that takes up nothing of the file for this long has stopped: its export ends and frees its slot. */
export const stalledAfterMs = 60_000;

/**
 * The answers as an Excel workbook (xlsx), written by a worker thread of its own (xlsx-writer.mjs) as the batches
 * come: a batch is read when the writer asks for it, and the writer goes on only when its last chunk has been taken
 * up, so a client that stops reading stops the export, and one that reads nothing for `stalledMs` ends it. The stream
 * destroyed (the client gone) ends the thread and the batches; `onExit` is called once the thread has ended, however
 * it ends.
 */
export function feedbackWorkbook(
  batches: AsyncIterable<ExportRow[]>,
  {
    created,
    rowsPerSheet = excelRows - 1,
    stalledMs = stalledAfterMs,
    onExit,
  }: { created: Date; rowsPerSheet?: number; stalledMs?: number; onExit?: () => void },
): Readable {
  const answers = batches[Symbol.asyncIterator]();
  const job = { columns, sheetName: 'Tilbakemeldinger', created, rowsPerSheet, dateFormat: 'dd.mm.yyyy hh:mm' };
  const writer = new Worker(writerUrl, { workerData: job, resourceLimits: writerLimits });
  let held = false; // a chunk pushed while the stream was full: taken up when the stream is read again
  let ended = false;
  let stalled: NodeJS.Timeout | undefined;
  const out = new Readable({
    read() {
      clearTimeout(stalled);
      if (!held) return;
      held = false;
      writer.postMessage('taken');
    },
    destroy(error, done) {
      clearTimeout(stalled);
      void writer.terminate();
      answers.return?.().catch(() => {}); // the batches' own failure, if any, has been reported already
      done(error);
    },
  });
  async function giveRows(): Promise<void> {
    try {
      const { value, done } = await answers.next();
      if (!out.destroyed) writer.postMessage(done ? 'end' : value.map(cellsOf));
    } catch (error) {
      out.destroy(error as Error);
    }
  }
  writer.on('message', (message: 'rows' | 'end' | Uint8Array) => {
    if (message === 'rows') void giveRows();
    else if (message === 'end') {
      ended = true;
      out.push(null);
    } else {
      const room = out.push(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
      if (room) writer.postMessage('taken');
      else {
        held = true;
        const stop = () => out.destroy(new Error(`the client took up nothing for ${stalledMs / 1000} s`));
        stalled = setTimeout(stop, stalledMs);
      }
    }
  });
  writer.on('error', (error) => out.destroy(error));
  writer.on('exit', (code) => {
    if (!ended && !out.destroyed) out.destroy(new Error(`the workbook's writer stopped (exit code ${code})`));
    onExit?.();
  });
  return out;
}

/**
 * Workbooks being written in this process, each by a thread of its own with some 35 MB: at most `most` at once, so
 * that exports at the same time cannot add up without bound.
 */
export class WorkbookSlots {
  private taken = 0;

  constructor(readonly most: number) {}

  get inUse(): number {
    return this.taken;
  }

  /** A slot, or Unavailable when all are taken; the function given back frees it (once, however often called). */
  take(): () => void {
    if (this.taken >= this.most)
      throw new Unavailable('Other Excel downloads are being written. Try again shortly, or download CSV.', 30);
    this.taken++;
    let held = true;
    return () => {
      if (held) this.taken--;
      held = false;
    };
  }
}
