import type { Db } from '../db.ts';
import { termColumns } from '../terms/terms.ts';

export interface StoredComment {
  id: string;
  siteId: string;
  comment: string;
  redactions: string[];
  /** Its terms as kept (see CommentTerms), or nulls when they were never made. */
  terms: string[] | null;
  forms: string[] | null;
  stems: string | null;
}

/** Stored comments as privacy work handles them: erased past their retention, read back and scrubbed again. */
export class CommentStore {
  constructor(private readonly db: Db) {}

  /** Erases comments made before `before` (all, when undefined); how many per site. `db` may be a transaction. */
  async eraseComments(before: Date | undefined, db: Db = this.db): Promise<Record<string, number>> {
    const erased: { site_id: string }[] = await db('feedback')
      .whereNotNull('comment')
      .andWhere((w) => (before === undefined ? w : w.where('commented_at', '<', before)))
      .update({ comment: null, redactions: db.raw(`'{}'::text[]`), commented_at: null, ...termColumns(null) })
      .returning('site_id');
    const bySite: Record<string, number> = {};
    for (const { site_id } of erased) bySite[site_id] = (bySite[site_id] ?? 0) + 1;
    return bySite;
  }

  /** Up to `limit` comments after the id `after` (in id order), of one site or all. */
  async commentsAfter(after: string | undefined, limit: number, siteId?: string): Promise<StoredComment[]> {
    return this.db('feedback')
      .whereNotNull('comment')
      .modify((q) => {
        if (after) q.where('id', '>', after);
        if (siteId) q.where('site_id', siteId);
      })
      .orderBy('id')
      .limit(limit)
      .select('id', 'site_id as siteId', 'comment', 'redactions', 'terms', 'forms', 'stems');
  }

  /**
   * Puts a comment scrubbed again in place of the one read, if it is still that one (a comment erased or deleted
   * meanwhile stays so); true when it was replaced. `db` may be a transaction.
   */
  async replaceComment(
    before: StoredComment,
    comment: string,
    redactions: string[],
    db: Db = this.db,
  ): Promise<boolean> {
    const updated = await db('feedback')
      .where({ id: before.id, comment: before.comment })
      .update({ comment, redactions, ...termColumns(comment) });
    return updated === 1;
  }
}
