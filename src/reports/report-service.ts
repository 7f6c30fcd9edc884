import { Readable } from 'node:stream';
import type { Credential } from '../accounts/credential.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChangeStore } from '../changes/change-store.ts';
import type { Clock } from '../clock.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { FeedbackStore } from '../intake/feedback-store.ts';
import { isUuid, type Status } from '../values.ts';
import { bom, csvColumns, csvRow, feedbackCsvRow, type Separator } from './csv.ts';
import { addDays, bucketCount, buckets, type Interval, maxBuckets, osloDay, osloDayStart } from './oslo-dates.ts';
import type { DateRange, FeedbackCursor, FeedbackFilters, FeedbackItem, PageRow, PageSort } from './report.ts';
import type { ReportReadModel } from './report-read-model.ts';
import { feedbackWorkbook, WorkbookSlots, xlsxBatch } from './xlsx.ts';

export interface Paged<T> {
  items: T[];
  next: string | null;
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decode<T>(cursor: string | undefined, valid: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (valid(value)) return value;
  } catch {
    // falls through to the 400 below
  }
  throw Invalid.field('cursor', 'is not valid', 'The cursor is not one this service gave out.');
}

/** Pages are counted by offset; no site has a million pages, so a cursor beyond that is not one of ours. */
const isOffset = (v: unknown): v is { offset: number } => {
  const offset = (v as { offset?: unknown })?.offset;
  return Number.isSafeInteger(offset) && (offset as number) >= 0 && (offset as number) <= 1_000_000;
};
const isFeedbackCursor = (v: unknown): v is FeedbackCursor => {
  const { at, id } = (v ?? {}) as { at?: unknown; id?: unknown };
  return typeof at === 'string' && isoTime.test(at) && !Number.isNaN(Date.parse(at)) && isUuid(id);
};
/** What createdAt looks like (Date#toISOString in this century). */
const isoTime = /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const defaultSpan: Record<Interval, number> = { day: 29, week: 7 * 12 - 1, month: 364 };

/** What filters an audit entry may name: which were used, never the search text (it may quote a comment). */
function auditedFilters(filters: FeedbackFilters): Record<string, unknown> {
  const { q, ...rest } = filters;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(q ? { q: 'search' } : {}),
  };
}

export class ReportService {
  constructor(
    private readonly reads: ReportReadModel,
    private readonly feedbackStore: FeedbackStore,
    private readonly audit: AuditLog,
    private readonly changes: ChangeStore,
    private readonly clock: Clock,
    /** Two at once: two cores, and some 35 MB each (bench/xlsx.mjs). */
    readonly workbooks = new WorkbookSlots(2),
  ) {}

  async pages(
    siteId: string,
    options: DateRange & {
      sort: PageSort;
      pathPrefix?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<Paged<PageRow>> {
    const offset = decode(options.cursor, isOffset)?.offset ?? 0;
    const rows = await this.reads.pages(siteId, { ...options, offset, limit: options.limit + 1 });
    const more = rows.length > options.limit;
    return { items: rows.slice(0, options.limit), next: more ? encode({ offset: offset + options.limit }) : null };
  }

  /**
   * Totals and a series over the range (by default the last 30 days, 12 weeks or 12 months), empty buckets as zeros,
   * and the page's changes in the range, to mark on its trend.
   */
  async pageSummary(siteId: string, path: string, range: DateRange, interval: Interval) {
    const to = range.to ?? osloDay(this.clock());
    const from = range.from ?? addDays(to, -defaultSpan[interval]);
    if (bucketCount(from, to, interval) > maxBuckets) {
      throw Invalid.field(
        'interval',
        'gives too many buckets',
        `That is more than ${maxBuckets} ${interval}s; choose a shorter range or a longer interval.`,
      );
    }
    const starts = buckets(from, to, interval);
    const [answered, viewed, changes] = await Promise.all([
      this.reads.pageBuckets(siteId, path, { from, to }, interval),
      this.reads.viewBuckets(siteId, path, { from, to }, interval),
      this.changes.onPage(siteId, path, { from: osloDayStart(from), to: osloDayStart(addDays(to, 1)) }),
    ]);
    const counted = new Map(answered.map((b) => [b.start, b]));
    const views = new Map(viewed.map((b) => [b.start, b.views]));
    const series = starts.map((start) => ({
      start,
      yes: counted.get(start)?.yes ?? 0,
      no: counted.get(start)?.no ?? 0,
      views: views.get(start) ?? 0,
    }));
    const sum = (key: 'yes' | 'no' | 'comments') => answered.reduce((n, b) => n + b[key], 0);
    return {
      path,
      yes: sum('yes'),
      no: sum('no'),
      total: sum('yes') + sum('no'),
      comments: sum('comments'),
      views: viewed.reduce((n, b) => n + b.views, 0),
      series,
      changes,
    };
  }

  async feedback(
    siteId: string,
    filters: FeedbackFilters,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Paged<FeedbackItem>> {
    const after = decode(page.cursor, isFeedbackCursor);
    const rows = await this.reads.feedback(siteId, filters, { limit: page.limit + 1, after });
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return { items, next: rows.length > page.limit && last ? encode({ at: last.createdAt, id: last.id }) : null };
  }

  async get(siteId: string, id: string): Promise<FeedbackItem> {
    const item = await this.reads.feedbackById(siteId, id);
    if (!item) throw new NotFound('There is no such feedback on this site.');
    return item;
  }

  /** An export is audited before its first byte: which filters, never the search words. */
  private async auditExport(siteId: string, filters: FeedbackFilters, by: Credential, how: object): Promise<void> {
    const details = { filters: auditedFilters(filters), ...how };
    await this.audit.record({ siteId, actor: by.actor, action: 'feedback.export', details });
  }

  /** A CSV export, streamed batch by batch. */
  async exportCsv(siteId: string, filters: FeedbackFilters, sep: Separator, by: Credential): Promise<Readable> {
    await this.auditExport(siteId, filters, by, { sep });
    const batches = this.reads.exportBatches(siteId, filters);
    return Readable.from(
      (async function* () {
        yield bom + csvRow(csvColumns, sep);
        for await (const batch of batches) yield batch.map((row) => feedbackCsvRow(row, sep)).join('');
      })(),
      { highWaterMark: 1 }, // one batch's text waits for the socket, not sixteen
    );
  }

  /**
   * The same answers as an Excel workbook, written as the batches come; Unavailable while as many are being written
   * as the process allows (the slot is taken before the audit, so a refused download is not audited).
   */
  async exportXlsx(siteId: string, filters: FeedbackFilters, by: Credential): Promise<Readable> {
    const free = this.workbooks.take();
    try {
      await this.auditExport(siteId, filters, by, { format: 'xlsx' });
      const batches = this.reads.exportBatches(siteId, filters, xlsxBatch);
      return feedbackWorkbook(batches, { created: this.clock(), onExit: free });
    } catch (error) {
      free();
      throw error;
    }
  }

  async setStatus(siteId: string, id: string, status: Status, by: Credential): Promise<void> {
    const before = await this.feedbackStore.setStatus(siteId, id, status);
    if (before === undefined) throw new NotFound('There is no such feedback on this site.');
    if (before !== status)
      await this.audit.record({
        siteId,
        actor: by.actor,
        action: 'feedback.status',
        target: id,
        details: { from: before, to: status },
      });
  }

  /** Erasure: the row is deleted, comment and all. */
  async delete(siteId: string, id: string, by: Credential): Promise<void> {
    const deleted = await this.feedbackStore.delete(siteId, id);
    if (!deleted) throw new NotFound('There is no such feedback on this site.');
    await this.audit.record({
      siteId,
      actor: by.actor,
      action: 'feedback.delete',
      target: id,
      details: { path: deleted.path },
    });
  }
}
