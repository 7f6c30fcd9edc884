import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import type { SystemStore } from '../system/system-store.ts';
import { termsOf } from '../terms/terms.ts';
import type { CommentStore, StoredComment } from './comment-store.ts';
import { REDACTION_KINDS, type RedactionKind, scrub } from './scrub.ts';

/** One key for rescrubbing, so that two runs (or two instances) take the batches in turn. */
export const rescrubLockKey = 0x66616e72; // "fanr"
const batchSize = 500;

export interface RescrubResult {
  /** Comments read. */
  read: number;
  /** Comments the scrubber changed, by site. */
  changed: Record<string, number>;
  /** What was removed now, by kind. */
  removals: Partial<Record<RedactionKind, number>>;
  /** Comments the scrubber left as they were whose terms were made again (the term lists or stemming changed). */
  termsRenewed: number;
}

/** The kinds removed, once each, in the order of REDACTION_KINDS. */
const kindsOf = (...lists: readonly string[][]) =>
  REDACTION_KINDS.filter((kind) => lists.some((l) => l.includes(kind)));

/**
 * The current scrubber over the comments already stored, so that older comments get the benefit of a better one (and
 * their terms of the current word lists).
 * In batches, each in its own transaction under an advisory lock; a comment is replaced only if it is still the one
 * read, so an erasure or a deletion meanwhile wins. Scrubbing is idempotent, so running it again changes nothing.
 */
export class RescrubService {
  constructor(
    private readonly stores: { comments: CommentStore; system: SystemStore },
    private readonly audit: AuditLog,
  ) {}

  async rescrub(actor: string, siteId?: string): Promise<RescrubResult> {
    const result: RescrubResult = { read: 0, changed: {}, removals: {}, termsRenewed: 0 };
    let after: string | undefined;
    for (;;) {
      const batch = await this.stores.comments.commentsAfter(after, batchSize, siteId);
      if (batch.length === 0) break;
      await this.stores.system.underLock(
        rescrubLockKey,
        async (trx) => {
          for (const stored of batch) await this.rescrubOne(stored, result, trx);
        },
        { wait: true },
      );
      result.read += batch.length;
      after = batch.at(-1)?.id;
    }
    const entries = Object.entries(result.changed).map(
      ([site, changed]): AuditEntry => ({
        siteId: site,
        actor,
        action: 'comments.rescrub',
        details: { changed, removals: result.removals },
      }),
    );
    await this.audit.record(...entries);
    return result;
  }

  private async rescrubOne(
    stored: StoredComment,
    result: RescrubResult,
    trx: Parameters<CommentStore['replaceComment']>[3],
  ) {
    const scrubbed = scrub(stored.comment);
    if (scrubbed.text === stored.comment) {
      const { terms, forms, stems } = stored;
      if (JSON.stringify({ terms, forms, stems }) === JSON.stringify(termsOf(stored.comment))) return;
      if (await this.stores.comments.replaceComment(stored, stored.comment, stored.redactions, trx))
        result.termsRenewed++;
      return;
    }
    if (
      !(await this.stores.comments.replaceComment(
        stored,
        scrubbed.text,
        kindsOf(stored.redactions, scrubbed.redactions),
        trx,
      ))
    )
      return;
    result.changed[stored.siteId] = (result.changed[stored.siteId] ?? 0) + 1;
    for (const [kind, count] of Object.entries(scrubbed.removals) as [RedactionKind, number][]) {
      result.removals[kind] = (result.removals[kind] ?? 0) + count;
    }
  }
}
