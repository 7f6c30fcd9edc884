/** A record of a CSV file: its fields and the physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A file that cannot be read on from `line` (a quote never closed, a record too long to be one). */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** The separator a header line uses: `;` (as Excel writes in Norway) when it has more of them than of `,`. */
export function separatorOf(headerLine: string): ',' | ';' {
  const count = (sep: string) => headerLine.split(sep).length;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * The records of a CSV file as its text comes, chunk by chunk (RFC 4180: quoted fields may hold separators, line
 * breaks and doubled quotes; lines end in CRLF, LF or CR; a byte-order mark is dropped; empty lines are skipped). The
 * separator is the header line's. One record is held at a time: one longer than `maxRecord` characters throws.
 */
export async function* csvRecords(chunks: AsyncIterable<string>, maxRecord = 100_000): AsyncGenerator<CsvRecord> {
  let sep: string | undefined;
  let fields: string[] = [];
  let field = '';
  /** Inside a quoted field; just after a quote in one (closing it, unless another quote follows); elsewhere. */
  let state: 'quoted' | 'quote' | 'plain' = 'plain';
  let afterCr = false;
  let line = 1;
  let start = 1;
  let length = 0;
  const end = (): CsvRecord | undefined => {
    fields.push(field);
    const record = { line: start, fields };
    fields = [];
    field = '';
    length = 0;
    return record.fields.some((f) => f !== '') ? record : undefined;
  };

  /** The chunks, the first without its byte-order mark, once the header line (and so the separator) is known. */
  async function* withSeparator(): AsyncGenerator<string> {
    let head = '';
    for await (const chunk of chunks) {
      if (sep !== undefined) {
        yield chunk;
        continue;
      }
      head += chunk;
      const newline = head.search(/[\r\n]/);
      if (newline < 0 && head.length > maxRecord) throw new CsvError(1, `a header longer than ${maxRecord} characters`);
      if (newline < 0) continue;
      sep = separatorOf(head.slice(0, newline));
      yield head.replace(/^\uFEFF/, '');
    }
    if (sep === undefined && head) {
      sep = separatorOf(head);
      yield head.replace(/^\uFEFF/, '');
    }
  }

  for await (const chunk of withSeparator()) {
    for (const c of chunk) {
      const lf = c === '\n' && afterCr;
      afterCr = c === '\r';
      if (c === '\r' || (c === '\n' && !lf)) line++;
      if (++length > maxRecord) throw new CsvError(start, `a record longer than ${maxRecord} characters`);
      if (state === 'quote') {
        state = c === '"' ? 'quoted' : 'plain';
        if (c === '"') {
          field += c;
          continue;
        }
      }
      if (state === 'quoted') {
        if (c === '"') state = 'quote';
        else field += c;
      } else if (c === '"' && field === '') state = 'quoted';
      else if (c === sep) {
        fields.push(field);
        field = '';
      } else if (c === '\r' || c === '\n') {
        if (lf) continue;
        const record = end();
        if (record) yield record;
        start = line;
      } else field += c;
    }
  }
  if (state === 'quoted') throw new CsvError(start, 'a quoted field is never closed');
  const record = end();
  if (record) yield record;
}
