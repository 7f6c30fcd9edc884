import type { Db } from '../db.ts';

/** Comments past their retention, erased in place: the answer, page and time stay. */
export class RetentionStore {
  constructor(private readonly db: Db) {}

  /** Erases comments made before `before` (all, when undefined); how many per site. `db` may be a transaction. */
  async eraseComments(before: Date | undefined, db: Db = this.db): Promise<Record<string, number>> {
    const erased: { site_id: string }[] = await db('feedback')
      .whereNotNull('comment')
      .andWhere((w) => (before === undefined ? w : w.where('commented_at', '<', before)))
      .update({ comment: null, redactions: db.raw(`'{}'::text[]`), commented_at: null })
      .returning('site_id');
    const bySite: Record<string, number> = {};
    for (const { site_id } of erased) bySite[site_id] = (bySite[site_id] ?? 0) + 1;
    return bySite;
  }
}
