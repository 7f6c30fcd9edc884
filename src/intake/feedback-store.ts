import type { Db } from '../db.ts';
import type { Lang } from './feedback-schema.ts';
import { GroupCommit } from './group-commit.ts';

export interface NewFeedback {
  id: string;
  siteId: string;
  path: string;
  found: boolean;
  comment: string | null;
  redactions: string[];
  lang: Lang | null;
  clientAddress: string | null;
  createdAt: Date;
  /** The same comment on the same page since this time is a double post: not stored again. */
  sameCommentSince: Date;
}

export interface StoredAnswer {
  id: string;
  siteId: string;
  path: string;
  found: boolean;
  comment: string | null;
}

/** What became of a new feedback: stored, already there (its id was), or the same comment stored just before. */
export type InsertOutcome = { kind: 'inserted' } | { kind: 'exists' } | { kind: 'same'; earlier: string };

/**
 * One statement per batch: rows that repeat a comment made on the same page since `sameCommentSince` are not stored
 * (their outcome names the earlier one); the others are inserted unless their id exists.
 */
const insertBatch = `
  with incoming as (
    select * from json_to_recordset(?::json) as t(
      n int, id uuid, site_id text, path text, found boolean, comment text, redactions text[], lang text,
      client_address inet, created_at timestamptz, same_since timestamptz)
  ),
  same as (
    select i.n, (select f.id from feedback f
                 where f.site_id = i.site_id and f.path = i.path and f.comment = i.comment
                   and f.commented_at >= i.same_since and f.id <> i.id
                 limit 1) as earlier
    from incoming i
    where i.comment is not null
  ),
  inserted as (
    insert into feedback (id, site_id, path, found, comment, redactions, lang, client_address, created_at, commented_at)
    select i.id, i.site_id, i.path, i.found, i.comment, i.redactions, i.lang, i.client_address, i.created_at,
           case when i.comment is null then null else i.created_at end
    from incoming i
    where not exists (select 1 from same s where s.n = i.n and s.earlier is not null)
    on conflict (id) do nothing
    returning id
  )
  select i.n, null::uuid as earlier from incoming i join inserted using (id)
  union all
  select n, earlier from same where earlier is not null`;

export class FeedbackStore {
  private readonly inserts: GroupCommit<NewFeedback, InsertOutcome>;

  constructor(private readonly db: Db) {
    this.inserts = new GroupCommit(
      async (batch) => {
        const rows = batch.map((f, n) => ({
          n,
          id: f.id,
          site_id: f.siteId,
          path: f.path,
          found: f.found,
          comment: f.comment,
          redactions: f.redactions,
          lang: f.lang,
          client_address: f.clientAddress,
          created_at: f.createdAt,
          same_since: f.sameCommentSince,
        }));
        const { rows: settled } = await this.db.raw(insertBatch, [JSON.stringify(rows)]);
        const outcomes: InsertOutcome[] = batch.map(() => ({ kind: 'exists' }));
        for (const r of settled as { n: number; earlier: string | null }[]) outcomes[r.n] = r.earlier ? { kind: 'same', earlier: r.earlier } : { kind: 'inserted' };
        return outcomes;
      },
      // Two posts with one id, or with one comment on one page, go in separate batches: the later sees the first.
      (f) => (f.comment === null ? [f.id] : [f.id, `${f.siteId}\n${f.path}\n${f.comment}`]),
    );
  }

  /** Stores a new feedback, once its batch has committed. */
  insert(f: NewFeedback): Promise<InsertOutcome> {
    return this.inserts.add(f);
  }

  async findAnswer(id: string): Promise<StoredAnswer | undefined> {
    return this.db('feedback')
      .where({ id })
      .first('id', 'site_id as siteId', 'path', 'found', 'comment');
  }

  /** Adds a comment to a feedback that has none; false when it has one already. */
  async addComment(id: string, comment: string, redactions: string[], at: Date): Promise<boolean> {
    const updated = await this.db('feedback')
      .where({ id })
      .whereNull('comment')
      .update({ comment, redactions, commented_at: at });
    return updated === 1;
  }

  /** Sets the triage status; the previous status, or undefined when the site has no such feedback. */
  async setStatus(siteId: string, id: string, status: string): Promise<string | undefined> {
    const { rows } = await this.db.raw(
      `update feedback set status = ?
       from (select id, status from feedback where site_id = ? and id = ? for update) as before
       where feedback.id = before.id
       returning before.status`,
      [status, siteId, id],
    );
    return rows[0]?.status;
  }

  /** Deletes the row itself (erasure), not a flag; false when the site has no such feedback. */
  async delete(siteId: string, id: string): Promise<{ path: string } | undefined> {
    const [row] = await this.db('feedback').where({ site_id: siteId, id }).delete().returning('path');
    return row;
  }
}
