import type { ExportRow } from './report-read-model.ts';
import { osloDateTime } from './oslo-dates.ts';

export type Separator = ',' | ';';

export const csvColumns = ['id', 'createdAt', 'path', 'found', 'comment', 'redactions', 'status', 'lang'] as const;

/**
 * One CSV field: quoted when it must be, and a leading = + - @ (or tab/CR) made harmless with a ', so that a
 * comment cannot become a formula in Excel.
 */
export function csvField(value: string, sep: Separator): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /["\r\n]/.test(safe) || safe.includes(sep) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[], sep: Separator): string {
  return `${values.map((v) => csvField(v, sep)).join(sep)}\r\n`;
}

export function feedbackCsvRow(row: ExportRow, sep: Separator): string {
  return csvRow([row.id, osloDateTime(row.created_at), row.path, row.found ? 'ja' : 'nei', row.comment ?? '', row.redactions, row.status, row.lang ?? ''], sep);
}

/** UTF-8 with a byte-order mark, so that Excel reads æ, ø and å right. */
export const bom = '\uFEFF';
