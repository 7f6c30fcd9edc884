import type { Knex } from 'knex';
import { type Db, inTime } from '../db.ts';
import { termColumns } from '../terms/terms.ts';
import type { Lang, Status } from '../values.ts';
import type { Expiry } from './deadline.ts';
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

/** An answer brought along from another tool or instance (see ImportService): no client address, a status. */
export interface ImportedFeedback {
  id: string;
  /** The id it is stored under when `id` is another site's already (a copy of that site's answer). */
  idElsewhere: string;
  siteId: string;
  path: string;
  found: boolean;
  comment: string | null;
  redactions: string[];
  lang: Lang | null;
  status: Status;
  createdAt: Date;
}

/** What became of a new feedback: stored, already there (its id was), or the same comment stored just before. */
export type InsertOutcome = { kind: 'inserted' } | { kind: 'exists' } | { kind: 'same'; earlier: string };

/**
 * One call per batch, its columns sent as arrays (one parameter each; lists of words joined by a separator no word
 * holds). The statement is the function insert_feedback_batch (migrations/20261128090000_insert_feedback_batch.ts),
 * whose plan Postgres keeps under load: the rows it answers are those inserted (`earlier` null) and those not stored
 * because the same comment was made before (`earlier` names it); a row it does not answer had an id that exists.
 */
const insertBatch = `
  select n, earlier from insert_feedback_batch(?::int[], ?::uuid[], ?::text[], ?::text[], ?::boolean[], ?::text[],
    ?::text[], ?::text[], ?::inet[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])`;

/** Words (terms, their forms, kinds of removal) hold letters, digits, spaces and - or ': never this separator. */
const joinWords = (words: readonly string[] | null) => (words === null ? null : words.join('\x1f'));

/** The batch's columns, one array each (of values or nulls), in insertBatch's order. */
function batchColumns(batch: readonly NewFeedback[]): Knex.Value[] {
  const words = batch.map((f) => termColumns(f.comment));
  const columns = [
    batch.map((_, n) => n),
    batch.map((f) => f.id),
    batch.map((f) => f.siteId),
    batch.map((f) => f.path),
    batch.map((f) => f.found),
    batch.map((f) => f.comment),
    batch.map((f) => joinWords(f.redactions)),
    batch.map((f) => f.lang),
    batch.map((f) => f.clientAddress),
    batch.map((f) => f.createdAt),
    batch.map((f) => f.sameCommentSince),
    words.map((w) => joinWords(w.terms)),
    words.map((w) => joinWords(w.forms)),
    words.map((w) => w.stems),
  ];
  return columns as Knex.Value[];
}

/** One statement per batch of imported answers: those whose id is stored already are left out. */
const importBatch = `
  insert into feedback (id, site_id, path, found, comment, redactions, lang, status, created_at, commented_at, terms,
                        forms, stems)
  select case when exists (select 1 from feedback f where f.id = i.id and f.site_id <> i.site_id) then i.id_elsewhere
              else i.id end,
         i.site_id, i.path, i.found, i.comment, i.redactions, i.lang, i.status, i.created_at,
         case when i.comment is null then null else i.created_at end, i.terms, i.forms, i.stems
  from json_to_recordset(?::json) as i(
    id uuid, id_elsewhere uuid, site_id text, path text, found boolean, comment text, redactions text[], lang text,
    status text, created_at timestamptz, terms text[], forms text[], stems text)
  on conflict (id) do nothing
  returning id`;

export class FeedbackStore {
  private readonly inserts: GroupCommit<NewFeedback, InsertOutcome>;

  constructor(private readonly db: Db) {
    this.inserts = new GroupCommit(async (batch) => {
      // A batch that does not finish in time (a connection left hanging by a failover) gives up, and its
      // connection is thrown away rather than reused, so the next batch goes on with another.
      const { rows: settled } = await inTime(this.db, this.db.raw(insertBatch, batchColumns(batch)));
      const outcomes: InsertOutcome[] = batch.map(() => ({ kind: 'exists' }));
      for (const r of settled as { n: number; earlier: string | null }[])
        outcomes[r.n] = r.earlier ? { kind: 'same', earlier: r.earlier } : { kind: 'inserted' };
      return outcomes;
    });
  }

  /**
   * Stores a new feedback, once its batch has committed. When `expiry` runs out before its batch is taken, it is
   * never stored and the promise rejects with Unavailable.
   */
  insert(f: NewFeedback, expiry?: Expiry): Promise<InsertOutcome> {
    return this.inserts.add(f, expiry);
  }

  /** Stores imported answers (in one statement, so all or none); the ids of those stored, not stored already. */
  async importBatch(batch: readonly ImportedFeedback[]): Promise<string[]> {
    const rows = batch.map((f) => ({
      id: f.id,
      id_elsewhere: f.idElsewhere,
      site_id: f.siteId,
      path: f.path,
      found: f.found,
      comment: f.comment,
      redactions: f.redactions,
      lang: f.lang,
      status: f.status,
      created_at: f.createdAt,
      ...termColumns(f.comment),
    }));
    const { rows: stored } = await this.db.raw(importBatch, [JSON.stringify(rows)]);
    return (stored as { id: string }[]).map((r) => r.id);
  }

  async findAnswer(id: string): Promise<StoredAnswer | undefined> {
    return inTime(
      this.db,
      this.db('feedback').where({ id }).first('id', 'site_id as siteId', 'path', 'found', 'comment'),
    );
  }

  /** Adds a comment to a feedback that has none; false when it has one already. */
  async addComment(id: string, comment: string, redactions: string[], at: Date): Promise<boolean> {
    const updated = await inTime(
      this.db,
      this.db('feedback')
        .where({ id })
        .whereNull('comment')
        .update({ comment, redactions, commented_at: at, ...termColumns(comment) }),
    );
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
