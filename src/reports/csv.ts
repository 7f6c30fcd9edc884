import { osloDateTime } from './oslo-dates.ts';
import type { ExportRow } from './report-read-model.ts';

export type Separator = ',' | ';';

export const csvColumns = [
  'id',
  'createdAt',
  'path',
  'found',
  'comment',
  'redactions',
  'status',
  'lang',
  'themes',
] as const;

/**
 * One CSV field: quoted when it must be, and a leading = + - @ (or tab/CR) made harmless with a ', so that a
 * comment cannot become a formula in Excel.
 */
export function csvField(value: string, sep: Separator): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /["\r\n]/.test(safe) || safe.includes(sep) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A field as it was before csvField guarded it against Excel (the ' before = + - @ taken off again). */
export const unguarded = (field: string): string => (/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field);

export function csvRow(values: readonly string[], sep: Separator): string {
  return `${values.map((v) => csvField(v, sep)).join(sep)}\r\n`;
}

/**
 * One answer. Its id, time, ja/nei, kinds removed, status and language are fantdu's own words, never needing quotes
 * or a guard; what a visitor's browser sent (the path and the comment) and the names editors chose for themes go
 * through csvField.
 */
export function feedbackCsvRow(row: ExportRow, sep: Separator): string {
  const fields = [
    row.id,
    osloDateTime(new Date(row.ms)),
    csvField(row.path, sep),
    row.found ? 'ja' : 'nei',
    csvField(row.comment ?? '', sep),
    row.redactions,
    row.status,
    row.lang ?? '',
    csvField(row.themes ?? '', sep),
  ];
  return `${fields.join(sep)}\r\n`;
}

/** UTF-8 with a byte-order mark, so that Excel reads æ, ø and å right. */
export const bom = '\uFEFF';
