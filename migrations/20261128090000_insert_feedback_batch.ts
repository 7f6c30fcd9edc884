import type { Knex } from 'knex';

/**
 * The intake's batch statement as a function, so that Postgres can keep its plan: sent as a statement, its six parts
 * were planned anew for every batch, some 2 ms each (README, "Performance"). Under load (batches of ten posts and
 * more) Postgres keeps one generic plan per connection after five calls; small batches are still planned each call.
 * FeedbackStore calls it with one array per column.
 *
 * A comment already made on the same page since `same_since` is not stored again (its row names the earlier one), nor
 * is one made twice within the batch (the later ones name the first). Of rows with one id, the first is inserted
 * unless the id exists; the others get no row, and are then dealt with as a replay or a comment that follows its
 * vote. Lists of words (terms, forms, kinds of removal) come joined by a separator no word holds (U+001F).
 *
 * The kept plan is made on whatever the table holds then, often nothing (a new database). The same comment is looked
 * up `order by commented_at` so that even then the plan takes the index on site, page and hash (which gives that
 * order) over the one on site and time, which read every comment of the site for each lookup; a plan made for one
 * call on a small table did the same (test/integration/feedback-store.test.ts holds both).
 */
const insertFeedbackBatch = `
  create function insert_feedback_batch(
    ns int[], ids uuid[], site_ids text[], paths text[], founds boolean[], comments text[], redaction_lists text[],
    langs text[], client_addresses inet[], created_ats timestamptz[], same_sinces timestamptz[], term_lists text[],
    form_lists text[], stem_texts text[])
  returns table (n int, earlier uuid) language plpgsql as $$
  #variable_conflict use_column
  begin
    return query
    with incoming as (
      select t.n, t.id, t.site_id, t.path, t.found, t.comment, string_to_array(t.redactions, E'\\x1f') as redactions,
             t.lang, t.client_address, t.created_at, t.same_since, string_to_array(t.terms, E'\\x1f') as terms,
             string_to_array(t.forms, E'\\x1f') as forms, t.stems
      from unnest(ns, ids, site_ids, paths, founds, comments, redaction_lists, langs, client_addresses, created_ats,
                  same_sinces, term_lists, form_lists, stem_texts)
        as t(n, id, site_id, path, found, comment, redactions, lang, client_address, created_at, same_since, terms,
             forms, stems)
    ),
    commented as (
      select i.*, first_value(i.id) over w as first_id, first_value(i.created_at) over w as first_at
      from incoming i
      where i.comment is not null
      window w as (partition by i.site_id, i.path, i.comment order by i.n)
    ),
    same as (
      select c.n, coalesce(
               (select f.id from feedback f
                where f.site_id = c.site_id and f.path = c.path and md5(f.comment)::uuid = md5(c.comment)::uuid
                  and f.comment = c.comment and f.commented_at >= c.same_since and f.id <> c.id
                order by f.commented_at
                limit 1),
               case when c.first_id <> c.id and c.first_at >= c.same_since then c.first_id end) as earlier
      from commented c
    ),
    fresh as (
      select distinct on (i.id) i.*
      from incoming i
      where not exists (select 1 from same s where s.n = i.n and s.earlier is not null)
      order by i.id, i.n
    ),
    inserted as (
      insert into feedback (id, site_id, path, found, comment, redactions, lang, client_address, created_at,
                            commented_at, terms, forms, stems)
      select i.id, i.site_id, i.path, i.found, i.comment, i.redactions, i.lang, i.client_address, i.created_at,
             case when i.comment is null then null else i.created_at end, i.terms, i.forms, i.stems
      from fresh i
      on conflict (id) do nothing
      returning id
    )
    select i.n, null::uuid from fresh i join inserted using (id)
    union all
    select s.n, s.earlier from same s where s.earlier is not null;
  end $$`;

export async function up(db: Knex): Promise<void> {
  await db.raw(insertFeedbackBatch);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(
    'drop function insert_feedback_batch(int[], uuid[], text[], text[], boolean[], text[], text[], text[], inet[], ' +
      'timestamptz[], timestamptz[], text[], text[], text[])',
  );
}
