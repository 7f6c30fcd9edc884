import { PassThrough, type Readable, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
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
/**
 * Every cell shares one of two styles: exceljs works out the XML of a style object once, and gave each cell one of
 * its own (a third of the time of an export went there).
 */
const plain = {};
const dated = { numFmt: 'dd.mm.yyyy hh:mm' };
const dateColumn = csvColumns.indexOf('createdAt') + 1;
const columns = csvColumns.map((header) => ({
  header,
  width: widths[header],
  ...(header === 'createdAt' ? { style: dated } : {}),
}));

/**
 * Answers read from the database at a time. Rows that live through the writing of a big batch outlive V8's young
 * generation and pile up in the old one until a full collection: on a fresh server a million rows in batches of 2 000
 * grew its RSS by about 105 MB, in batches of 500 by about 80 (bench/xlsx.mjs). Smaller ones did no better.
 */
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

type Sheet = ExcelJS.Worksheet & { commit(): void };

function startSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, number: number): Sheet {
  const name = number === 1 ? 'Tilbakemeldinger' : `Tilbakemeldinger ${number}`;
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] }) as Sheet;
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/** The filter buttons go over the header and every row below it (the sheet's end is written last). */
function endSheet(sheet: Sheet, answers: number): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + answers, column: columns.length } };
  sheet.commit();
}

/**
 * Where the sheet's XML waits to be zipped. exceljs passes it on without regard for backpressure (its own stream
 * never says "wait"), so this queue is the one to watch: anything slower further on, the compression or the client,
 * makes it grow. These are exceljs 4's internals (a readable-stream 2 PassThrough of archiver's, which has no
 * writableLength); without them the export would not be bounded, so it fails instead.
 */
type Queue = Writable & { _writableState: { length: number; highWaterMark: number } };

function queueOf(sheet: Sheet): Queue {
  const queue = (sheet as unknown as { stream?: { pipes?: Queue[] } }).stream?.pipes?.[0];
  if (typeof queue?._writableState?.length !== 'number') throw new Error("exceljs's sheet stream is not as expected");
  return queue;
}

const backedUp = ({ _writableState: state }: Queue) => state.length > state.highWaterMark;

/** Resolves when the queue has been taken up, or when the client has gone. */
function taken(queue: Writable, out: Readable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      queue.off('drain', done);
      out.off('close', done);
      resolve();
    };
    queue.on('drain', done);
    out.on('close', done);
  });
}

/**
 * Archiver holds up to a megabyte each way by default; with less, less of the file waits in memory for the client.
 * (Archiver takes the option; exceljs's types do not name it.)
 */
const zipOptions = { highWaterMark: 64 * 1024 } as Partial<ExcelJS.stream.xlsx.ArchiverZipOptions>;

async function writeWorkbook(
  batches: AsyncIterable<ExportRow[]>,
  out: PassThrough,
  options: { created: Date; rowsPerSheet: number },
): Promise<void> {
  // exceljs is loaded with the first export: it holds some 30 MB that a server which never exports need not carry.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false, // a table of every distinct comment would grow with the export
    zip: zipOptions,
  });
  Object.assign(workbook, { created: options.created, modified: options.created, creator: 'fantdu' });
  let sheets = 1;
  let sheet = startSheet(workbook, sheets);
  let answers = 0;
  for await (const batch of batches) {
    for (const row of batch) {
      if (answers === options.rowsPerSheet) {
        endSheet(sheet, answers);
        sheet = startSheet(workbook, ++sheets);
        answers = 0;
      }
      const added = sheet.addRow(cellsOf(row));
      added.eachCell((cell, column) => {
        cell.style = column === dateColumn ? dated : plain;
      });
      added.commit();
      answers++;
    }
    const queue = queueOf(sheet);
    while (!out.destroyed && backedUp(queue)) await taken(queue, out);
    if (out.destroyed) return; // the client has gone: leaving the loop ends the batches
  }
  endSheet(sheet, answers);
  await workbook.commit();
}

/**
 * The answers as an Excel workbook (xlsx), written as the batches come: a batch is read only when the one before has
 * been taken up, so memory stays the same however many rows there are.
 */
export function feedbackWorkbook(
  batches: AsyncIterable<ExportRow[]>,
  { created, rowsPerSheet = excelRows - 1 }: { created: Date; rowsPerSheet?: number },
): Readable {
  const out = new PassThrough();
  writeWorkbook(batches, out, { created, rowsPerSheet }).catch((error: unknown) => out.destroy(error as Error));
  return out;
}
