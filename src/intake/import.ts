import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { Invalid, NotFound } from '../errors.ts';
import { pagePath, pathOnSite } from '../privacy/page-path.ts';
import { commentsExpireBefore } from '../privacy/retention.ts';
import { REDACTION_KINDS, scrub } from '../privacy/scrub.ts';
import { unguarded } from '../reports/csv.ts';
import { fromOsloDateTime } from '../reports/oslo-dates.ts';
import type { SiteService } from '../sites/site-service.ts';
import type { Suggester } from '../themes/suggester.ts';
import { fieldErrors, lang, status, uuid, yesNo } from '../values.ts';
import { CsvError, csvRecords } from './csv-reader.ts';
import { commentText, pageUrl } from './feedback-schema.ts';
import type { FeedbackStore, ImportedFeedback } from './feedback-store.ts';

/** A row that was not imported: its line in the file and why (never what it held). */
export interface Refusal {
  line: number;
  reason: string;
}

export interface ImportResult {
  imported: number;
  /** Rows stored already (by an earlier import of the same file, say). */
  skipped: number;
  refused: number;
  /** The first refusals, in the file's order. */
  refusals: Refusal[];
}

export const importBatchSize = 500;
const listedRefusals = 100;
const alikeWindow = 10_000;
const clockSlackMs = 5 * 60_000;
const firstMoment = Date.UTC(2000, 0, 1);

/** The columns read, as fantdu's export names them (compared in lower case); others are left alone. */
const columns = ['id', 'createdAt', 'path', 'url', 'found', 'comment', 'redactions', 'lang', 'status'] as const;
type Column = (typeof columns)[number];

/** Oslo wall-clock times: as the export writes them (seconds optional), and as Excel in Norway writes them back. */
const osloTimes = [
  /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})[ T](?<hm>\d{2}:\d{2})(?<s>:\d{2})?$/,
  /^(?<d>\d{2})\.(?<m>\d{2})\.(?<y>\d{4}) (?<hm>\d{2}:\d{2})(?<s>:\d{2})?$/,
];
const isoTime = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The moment a `createdAt` names: an Oslo time, or ISO 8601 with Z or an offset; undefined for anything else. */
export function momentOf(text: string): Date | undefined {
  for (const pattern of osloTimes) {
    const g = pattern.exec(text)?.groups;
    if (g) return fromOsloDateTime(`${g.y}-${g.m}-${g.d} ${g.hm}${g.s ?? ':00'}`);
  }
  const day = isoTime.exec(text)?.[1];
  const ms = Date.parse(text.toUpperCase().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  // Date.parse takes 30 February for 2 March: the day must be one.
  const real = day !== undefined && momentOf(`${day} 12:00:00`) !== undefined;
  return real && !Number.isNaN(ms) ? new Date(ms) : undefined;
}

const createdAt = (now: Date) =>
  z.string().transform((text, ctx) => {
    const at = momentOf(text);
    const problem = !at
      ? 'must be an Oslo time (YYYY-MM-DD HH:MM:SS) or ISO 8601 with an offset'
      : at.getTime() < firstMoment
        ? 'must be in 2000 or later'
        : at.getTime() > now.getTime() + clockSlackMs
          ? 'must not be in the future'
          : undefined;
    if (!problem) return at as Date;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

/** A path on the site, normalized as the intake normalizes a page's URL. */
const sitePath = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .transform((s, ctx) => {
    const path = pathOnSite(s);
    if (path !== undefined) return path;
    ctx.addIssue({ code: 'custom', message: 'must be a path on the site, starting with /' });
    return z.NEVER;
  });

const rowSchema = (now: Date) =>
  z.object({
    id: uuid.optional(),
    createdAt: createdAt(now),
    path: sitePath.optional(),
    url: pageUrl.transform(pagePath).optional(),
    found: z
      .string()
      .transform((s) => ({ '1': 'yes', '0': 'no' })[s] ?? s)
      .pipe(yesNo),
    comment: z.string().transform(unguarded).pipe(commentText).optional(),
    // The kinds an earlier scrub removed, as the export lists them.
    redactions: z
      .string()
      .transform((s) => REDACTION_KINDS.filter((kind) => s.split(/[\s,]+/).includes(kind)))
      .optional(),
    lang: lang.optional(),
    status: status.optional(),
  });

/** A UUID made of names as a version 5 one is (SHA-1, with its version and variant): the same names, the same id. */
function uuidOf(...names: string[]): string {
  const hash = createHash('sha1')
    .update(['fantdu import', ...names].join('\u0000'))
    .digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Brings answers along from a CSV file as fantdu's export writes it (see csv-reader.ts), through the intake's
 * pipeline: the page's path normalized, the comment scrubbed (and dropped when past its retention), nothing of the
 * client. Rows are read and stored a batch at a time. A row with an id stored already is skipped; a row without one
 * gets an id made from what it says, so that importing the same file again stores nothing twice. A bad row is
 * refused with its line and the fields that are wrong, never their values.
 */
export class ImportService {
  constructor(
    private readonly store: FeedbackStore,
    private readonly sites: SiteService,
    private readonly suggester: Suggester,
    private readonly audit: AuditLog,
    private readonly config: Pick<Config, 'retentionDays'>,
    private readonly clock: Clock,
  ) {}

  async fromCsv(actor: string, siteId: string, text: AsyncIterable<string>): Promise<ImportResult> {
    if (!(await this.sites.get(siteId))) throw new NotFound(`There is no site "${siteId}".`);
    const records = csvRecords(text);
    const header = await records.next().catch((err) => {
      throw err instanceof CsvError ? new Invalid(`The file's header line cannot be read: ${err.message}.`) : err;
    });
    if (header.done) throw new Invalid('The file is empty: it needs a header line naming its columns.');
    const answerOf = answerReader(siteId, columnsOf(header.value.fields), this.clock(), this.config.retentionDays);
    const result: ImportResult = { imported: 0, skipped: 0, refused: 0, refusals: [] };
    const refuse = (line: number, reason: string) => {
      result.refused++;
      if (result.refusals.length < listedRefusals) result.refusals.push({ line, reason });
    };
    let batch: ImportedFeedback[] = [];
    const store = async () => {
      const stored = new Set(await this.store.importBatch(batch));
      result.imported += stored.size;
      result.skipped += batch.length - stored.size;
      const storedAs = (f: ImportedFeedback) => [f.id, f.idElsewhere].find((id) => stored.has(id));
      await this.suggester.suggestFor(
        siteId,
        batch.flatMap((f) => (storedAs(f) ? [{ id: storedAs(f) as string, comment: f.comment }] : [])),
      );
      batch = [];
    };
    try {
      for await (const { line, fields } of records) {
        const answer = answerOf(fields);
        if (typeof answer === 'string') refuse(line, answer);
        else if (batch.push(answer) >= importBatchSize) await store();
      }
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      refuse(err.line, `${err.message}; the rest of the file was not read`);
    }
    if (batch.length) await store();
    const { imported, skipped, refused } = result;
    await this.audit.record({ siteId, actor, action: 'feedback.import', details: { imported, skipped, refused } });
    return result;
  }
}

/**
 * Turns a row's fields into an answer to store, or says what is wrong with it. Of rows without an id that are alike
 * (the same time, page, answer and comment: two people in the same second), each gets an id of its own, the first,
 * second, ... of them, as long as they are fewer than `alikeWindow` rows apart (rows far apart are taken for one).
 */
function answerReader(
  siteId: string,
  at: Partial<Record<Column, number>>,
  now: Date,
  retentionDays: number,
): (fields: string[]) => ImportedFeedback | string {
  const schema = rowSchema(now);
  const keepCommentsSince = commentsExpireBefore(retentionDays, now);
  /** How many rows alike have been seen, by their made id, for the last `alikeWindow` ones. */
  const alike = new Map<string, number>();
  const madeId = (createdAt: Date, path: string, found: boolean, comment: string) => {
    const made = uuidOf(siteId, createdAt.toISOString(), path, String(found), comment);
    const before = alike.get(made) ?? 0;
    alike.delete(made);
    alike.set(made, before + 1);
    if (alike.size > alikeWindow) alike.delete(alike.keys().next().value as string);
    return before ? uuidOf(made, String(before)) : made;
  };
  return (fields) => {
    if (fields.some((f) => f.includes('\uFFFD'))) return 'it is not UTF-8 text (in Excel: save as "CSV UTF-8")';
    const values: Partial<Record<Column, string>> = {};
    for (const [column, index] of Object.entries(at) as [Column, number][]) {
      const value = column === 'comment' ? fields[index] : fields[index]?.trim();
      if (value) values[column] = value;
    }
    const parsed = schema.safeParse(values);
    if (!parsed.success)
      return fieldErrors(parsed.error)
        .map((e) => `${e.field} ${e.message}`)
        .join('; ');
    const { createdAt, found, lang = null, status = 'new' } = parsed.data;
    const path = parsed.data.path ?? parsed.data.url;
    if (path === undefined) return `${at.path === undefined ? 'url' : 'path'} is required`;
    const scrubbed = parsed.data.comment ? scrub(parsed.data.comment) : undefined;

    const id = parsed.data.id ?? madeId(createdAt, path, found, scrubbed?.text ?? '');

    const kept = scrubbed && keepCommentsSince !== undefined && createdAt >= keepCommentsSince ? scrubbed : undefined;
    const kinds = [...(parsed.data.redactions ?? []), ...(kept?.redactions ?? [])];
    return {
      id,
      idElsewhere: uuidOf(siteId, id),
      siteId,
      path,
      found,
      comment: kept?.text ?? null,
      redactions: kept ? REDACTION_KINDS.filter((kind) => kinds.includes(kind)) : [],
      lang,
      status,
      createdAt,
    };
  };
}

/** Where each column is, by the header's names in any case; the file must have createdAt, found and path or url. */
function columnsOf(header: string[]): Partial<Record<Column, number>> {
  const names = header.map((name) => name.trim().toLowerCase());
  const at: Partial<Record<Column, number>> = {};
  for (const column of columns) {
    const index = names.indexOf(column.toLowerCase());
    if (index >= 0) at[column] = index;
  }
  const missing = [
    ...(['createdAt', 'found'] as const).filter((c) => at[c] === undefined),
    ...(at.path === undefined && at.url === undefined ? ['path (or url)'] : []),
  ];
  if (missing.length)
    throw new Invalid(`The file has no column ${missing.join(', ')} (the header line names the columns).`);
  return at;
}
