import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';

/** A downloaded xlsx read back with exceljs's reader, as Excel would open it. */
export async function readWorkbook(file: Buffer | NodeJS.ReadableStream): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  const bytes = Buffer.isBuffer(file) ? file : await buffer(file);
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as the values of their cells, from the first column (an empty cell is undefined). */
export function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
