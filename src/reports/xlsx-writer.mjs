// @ts-check
/**
 * The worker thread that writes a workbook (src/reports/xlsx.ts starts it): rows of cells come from the parent a batch
 * at a time, asked for with 'rows' ('end' when there are no more); the file's bytes go back a chunk at a time, each
 * taken up ('taken') before the next is sent, then 'end'. exceljs and everything it allocates live in this thread's
 * own heap, which its resource limits keep small and which is freed whole when the thread ends.
 *
 * JavaScript rather than TypeScript, so that Node runs it as it is, in the tests as well as from dist/.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
// exceljs's streaming writer alone: loading all of exceljs took 390 ms and 27 MB, this 155 ms and 16 MB.
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';

/**
 * @typedef {{ header: string; width: number; date?: boolean }} Column
 * @typedef {{ columns: Column[]; sheetName: string; created: Date; rowsPerSheet: number; dateFormat: string }} Job
 * @typedef {(string | number | Date | null)[]} Cells
 * @typedef {import('exceljs').Worksheet & { commit(): void; stream: { pipes: Queue[] } }} Sheet
 * @typedef {import('node:stream').Writable & { _writableState: { length: number; highWaterMark: number } }} Queue
 */

if (!parentPort) throw new Error('xlsx-writer.mjs runs as a worker thread');
const parent = parentPort;
const job = /** @type {Job} */ (workerData);

/** @type {(() => void) | undefined} */
let onTaken;
/** @type {((rows: Cells[] | 'end') => void) | undefined} */
let onRows;
/** @param {unknown} message */
function fromParent(message) {
  if (message === 'taken') {
    const done = onTaken;
    onTaken = undefined;
    done?.();
  } else {
    const give = onRows;
    onRows = undefined;
    give?.(/** @type {Cells[] | 'end'} */ (message));
  }
}
parent.on('message', fromParent);

/** The next batch of rows, or 'end'. */
const rows = () =>
  /** @type {Promise<Cells[] | 'end'>} */ (
    new Promise((resolve) => {
      onRows = resolve;
      parent.postMessage('rows');
    })
  );

/** The file to the parent: a chunk is done with once the parent has taken it up, so nothing piles up here. */
const toParent = new Writable({
  write(chunk, _encoding, done) {
    const bytes = new Uint8Array(chunk); // a copy of its own: the chunk may share a buffer with others
    onTaken = done;
    parent.postMessage(bytes, [bytes.buffer]);
  },
  final(done) {
    parent.postMessage('end');
    done();
  },
});

/**
 * Every cell shares one of two styles: exceljs works out the XML of a style object once, and gave each cell one of
 * its own (a third of the time of an export went there).
 */
const plain = {};
const dated = { numFmt: job.dateFormat };
const columns = job.columns.map(({ header, width, date }) => ({ header, width, ...(date ? { style: dated } : {}) }));
const dateColumns = new Set(job.columns.flatMap((column, i) => (column.date ? [i + 1] : [])));

/**
 * @param {import('exceljs').stream.xlsx.WorkbookWriter} workbook
 * @param {number} number
 */
function startSheet(workbook, number) {
  const name = number === 1 ? job.sheetName : `${job.sheetName} ${number}`;
  const sheet = /** @type {Sheet} */ (workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] }));
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  return sheet;
}

/**
 * The filter buttons go over the header and every row below it (the sheet's end is written last).
 * @param {Sheet} sheet
 * @param {number} answers
 */
function endSheet(sheet, answers) {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + answers, column: columns.length } };
  sheet.commit();
}

/**
 * Where the sheet's XML waits to be zipped. exceljs passes it on without regard for backpressure (its own stream
 * never says "wait"), so this queue is the one to watch: anything slower further on, the compression or the parent,
 * makes it grow. These are exceljs 4's internals (a readable-stream 2 PassThrough of archiver's, which has no
 * writableLength); without them the export would not be bounded, so it fails instead.
 * @param {Sheet} sheet
 * @returns {Queue}
 */
function queueOf(sheet) {
  const queue = sheet.stream?.pipes?.[0];
  if (typeof queue?._writableState?.length !== 'number') throw new Error("exceljs's sheet stream is not as expected");
  return queue;
}

/** @param {Queue} queue */
const backedUp = ({ _writableState: state }) => state.length > state.highWaterMark;

/**
 * Archiver holds up to a megabyte each way by default; with less, less of the file waits in memory.
 * (Archiver takes the option; exceljs's types do not name it.)
 */
const zip = /** @type {Partial<import('exceljs').stream.xlsx.ArchiverZipOptions>} */ ({ highWaterMark: 64 * 1024 });

const workbook = new WorkbookWriter({
  stream: toParent,
  useStyles: true,
  useSharedStrings: false, // a table of every distinct comment would grow with the export
  zip,
});
Object.assign(workbook, { created: job.created, modified: job.created, creator: 'fantdu' });
let sheets = 1;
let sheet = startSheet(workbook, sheets);
let answers = 0;
let next = rows(); // one batch is asked for while the one before is written
for (let batch = await next; batch !== 'end'; batch = await next) {
  next = rows();
  for (const cells of batch) {
    if (answers === job.rowsPerSheet) {
      endSheet(sheet, answers);
      sheet = startSheet(workbook, ++sheets);
      answers = 0;
    }
    const added = sheet.addRow(cells);
    added.eachCell((cell, column) => {
      cell.style = dateColumns.has(column) ? dated : plain;
    });
    added.commit();
    answers++;
  }
  const queue = queueOf(sheet);
  while (backedUp(queue)) await new Promise((resolve) => queue.once('drain', resolve));
}
endSheet(sheet, answers);
await workbook.commit();
parent.off('message', fromParent); // nothing more to wait for: the thread ends
