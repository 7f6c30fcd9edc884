import { describe, expect, it } from 'vitest';
import { CsvError, csvRecords, separatorOf } from '../../src/intake/csv-reader.ts';

/** The records of a text given in the chunks named (each chunk boundary a place a stream may cut). */
async function read(...chunks: string[]) {
  const records = [];
  for await (const record of csvRecords(
    (async function* () {
      yield* chunks;
    })(),
  ))
    records.push(record);
  return records;
}

/** The same text cut at every place: a record must not depend on where chunks end. */
async function readCutEverywhere(text: string) {
  const whole = await read(text);
  for (let at = 1; at < text.length; at++) expect(await read(text.slice(0, at), text.slice(at))).toEqual(whole);
  return whole;
}

describe('csvRecords', () => {
  it('reads separators, line breaks and doubled quotes in quotes; a record with the line it starts on', async () => {
    const text = 'a,b,c\r\n1,"x, ""y""",z\r\n2,"first\r\nsecond\nthird",\r\n3,,"" \r\n';
    expect(await readCutEverywhere(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, "y"', 'z'] },
      { line: 3, fields: ['2', 'first\r\nsecond\nthird', ''] },
      { line: 6, fields: ['3', '', ' '] },
    ]);
  });

  it('takes the separator from the header line and drops a byte-order mark', async () => {
    expect(await readCutEverywhere('\uFEFFid;comment\r\n1;"a;b",c\r\n')).toEqual([
      { line: 1, fields: ['id', 'comment'] },
      { line: 2, fields: ['1', 'a;b,c'] },
    ]);
    expect(await read('\uFEFFid,comment\n1,a;b\n')).toEqual([
      { line: 1, fields: ['id', 'comment'] },
      { line: 2, fields: ['1', 'a;b'] },
    ]);
    expect(separatorOf('id;createdAt;path;found;comment')).toBe(';');
    expect(separatorOf('id,createdAt,path,found,comment')).toBe(',');
    expect(separatorOf('single')).toBe(',');
  });

  it('reads LF, CRLF and CR line ends alike, skips empty lines and does without a last line end', async () => {
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ];
    expect(await readCutEverywhere('a,b\n\n1,2\n\n')).toEqual(expected);
    expect(await readCutEverywhere('a,b\r\n\r\n1,2\r\n')).toEqual(expected);
    expect(await readCutEverywhere('a,b\r\r1,2')).toEqual(expected);
    expect(await read('a,b\n,\n1,2\n')).toEqual([expected[0], { line: 3, fields: ['1', '2'] }]);
    expect(await read('')).toEqual([]);
    expect(await read('\uFEFF')).toEqual([]);
  });

  it('keeps a quote inside an unquoted field, and text after a closing quote', async () => {
    expect(await read('a,b\n5" skjerm,"sitat" etter\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['5" skjerm', 'sitat etter'] },
    ]);
  });

  it('stops at a quote never closed, or a record too long, naming the line it starts on', async () => {
    await expect(read('a,b\n1,2\n3,"open\n4,5\n')).rejects.toEqual(new CsvError(3, 'a quoted field is never closed'));
    await expect(
      (async () => {
        for await (const _ of csvRecords(
          (async function* () {
            yield `a,b\n1,"${'x'.repeat(200)}`;
          })(),
          100,
        ));
      })(),
    ).rejects.toMatchObject({ line: 2, message: 'a record longer than 100 characters' });
  });
});
