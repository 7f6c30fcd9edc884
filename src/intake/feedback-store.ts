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
}

export interface StoredAnswer {
  id: string;
  siteId: string;
  path: string;
  found: boolean;
  comment: string | null;
}

const toRow = (f: NewFeedback) => ({
  id: f.id,
  site_id: f.siteId,
  path: f.path,
  found: f.found,
  comment: f.comment,
  redactions: f.redactions,
  lang: f.lang,
  client_address: f.clientAddress,
  created_at: f.createdAt,
  commented_at: f.comment === null ? null : f.createdAt,
});

export class FeedbackStore {
  private readonly inserts: GroupCommit<NewFeedback>;

  constructor(private readonly db: Db) {
    this.inserts = new GroupCommit(
      async (batch) => {
        const rows: { id: string }[] = await this.db('feedback').insert(batch.map(toRow)).onConflict('id').ignore().returning('id');
        return new Set(rows.map((r) => r.id));
      },
      (f) => f.id,
    );
  }

  /** Stores a new feedback, once its batch has committed; false when one with this id already exists. */
  insert(f: NewFeedback): Promise<boolean> {
    return this.inserts.add(f);
  }

  async findAnswer(id: string): Promise<StoredAnswer | undefined> {
    return this.db('feedback')
      .where({ id })
      .first('id', 'site_id as siteId', 'path', 'found', 'comment');
  }

  /** The id of a feedback on this page with exactly this comment since the given time, if any. */
  async findSameComment(siteId: string, path: string, comment: string, since: Date): Promise<string | undefined> {
    const row = await this.db('feedback')
      .where({ site_id: siteId, path, comment })
      .andWhere('commented_at', '>=', since)
      .first('id');
    return row?.id;
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
