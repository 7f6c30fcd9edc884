import type { Knex } from 'knex';
import { osloDay, osloMonth } from './20261127110000_terms.ts';
import { fold as foldBefore, foldStart } from './20261128120000_counts_folded.ts';

/**
 * fold_read_models() as one statement: the noted rows are taken, read from `feedback` once and added to every count,
 * where it read each row three times (once for each count) and sorted each count's groups: a fold of 12 000 answers
 * over 5 000 pages spent most of its time there (README, "Performance"). The groups go unsorted: a fold holds the
 * counts' lock alone (no trigger that changes counts runs beside it, nor another fold), so the order it takes their
 * rows in cannot deadlock. Otherwise as before (migrations/20261128120000_counts_folded.ts says how the note and the
 * lock work). The statement's one snapshot is taken after the lock, so it takes and reads every row committed before.
 */

/** Per term (the empty term: every comment) and day or month, the comments and those on a "no". */
const termCounts = (table: string, period: string, periodOf: string) => `
    insert into ${table} (site_id, term, ${period}, comments, no)
    select r.site_id, r.term, ${periodOf}, count(*), count(*) filter (where not r.found)
    from used r where r.counts group by 1, 2, 3
    on conflict (site_id, term, ${period}) do update
      set comments = ${table}.comments + excluded.comments, no = ${table}.no + excluded.no`;

const fold = `
  create or replace function fold_read_models() returns integer language plpgsql as $$
  declare folded integer;
  begin
    ${foldStart}
    with noted as (
      delete from read_models_pending returning feedback_id
    ),
    -- An id noted twice (an answer erased before its fold, posted again with the same id) is counted once.
    taken as materialized (
      select f.* from (select distinct feedback_id as id from noted) n join feedback f using (id)
    ),
    page_day_counts as (
      insert into page_days (site_id, path, day, yes, no, comments, last_at)
      select r.site_id, r.path, ${osloDay('r')}, count(*) filter (where r.found), count(*) filter (where not r.found),
             count(r.comment), max(r.created_at)
      from taken r where r.status <> 'spam' group by 1, 2, 3
      on conflict (site_id, path, day) do update
        set yes = page_days.yes + excluded.yes, no = page_days.no + excluded.no,
            comments = page_days.comments + excluded.comments, last_at = greatest(page_days.last_at, excluded.last_at)
    ),
    page_month_counts as (
      insert into page_months (site_id, path, month, yes, no)
      select r.site_id, r.path, ${osloMonth('r')}, count(*) filter (where r.found), count(*) filter (where not r.found)
      from taken r where r.status <> 'spam' group by 1, 2, 3
      on conflict (site_id, path, month) do update
        set yes = page_months.yes + excluded.yes, no = page_months.no + excluded.no
    ),
    used as materialized (
      select r.site_id, r.found, r.status <> 'spam' as counts, r.created_at, t.term, t.form
      from taken r cross join unnest(array_prepend('', r.terms), array_prepend('', r.forms)) as t (term, form)
      where r.terms is not null
    ),
    term_day_counts as (${termCounts('term_days', 'day', osloDay('r'))}),
    term_month_counts as (${termCounts('term_months', 'month', osloMonth('r'))}),
    term_form_counts as (
      insert into term_forms (site_id, term, form, comments)
      select site_id, term, form, count(*) from used where term <> '' group by 1, 2, 3
      on conflict (site_id, term, form) do update set comments = term_forms.comments + excluded.comments
    )
    select count(*) into folded from noted;
    return folded;
  end $$`;

export async function up(db: Knex): Promise<void> {
  await db.raw(fold);
  // The note has no key (a primary key would be one more index on the intake's path): a publication of all tables
  // (logical replication) refuses the fold's delete without a replica identity, so the whole row is it.
  await db.raw('alter table read_models_pending replica identity full');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table read_models_pending replica identity default');
  await db.raw('drop function fold_read_models()');
  await db.raw(foldBefore);
}
