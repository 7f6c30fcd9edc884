import type { Knex } from 'knex';
import { pageDays, pageMonths, type ReadModel, terms, triggers } from './20261127110000_terms.ts';

/**
 * The counts per page (page_days, page_months) and per term (term_days, term_months, term_forms) are no longer kept by
 * each insert: the intake's batch only notes its new rows in `read_models_pending`, and `fold_read_models()` adds the
 * noted rows to the counts, many batches at once, each page's and term's day and month once (README, "Performance").
 * It is called before the counts are read and every few seconds (CountFolding), so that a report never misses an
 * answer stored before it was asked for.
 *
 * A row still noted is not counted yet: a change to it or its erasure leaves the counts alone, and the fold counts it
 * as it is then. The triggers that change counts hold an advisory lock shared among them for their transaction, and a
 * fold holds it alone, so that a row is counted once: a fold reads the rows it took after taking the lock, when no
 * change to counts is under way. A fold never queues for the lock (a queued one would hold up every change behind it,
 * a citizen's comment among them): it tries for up to a second, else leaves the rows for the next fold.
 */
const foldLockKey = 0x66616e63; // "fanc"

const models = [pageDays, pageMonths, terms];

/** The rows of `rows` that are counted already: not noted as pending. */
const counted = (rows: string) =>
  `(select c.* from ${rows} c where not exists (select 1 from read_models_pending p where p.feedback_id = c.id))`;

const changedRows = (model: ReadModel, version: 'o' | 'n') =>
  counted(`(select ${version}.* from before o join after n using (id) where ${model.changed})`);

const functions = (model: ReadModel) => [
  `create or replace function ${model.name}_update() returns trigger language plpgsql as $$
   begin
     perform pg_advisory_xact_lock_shared(${foldLockKey});
     ${model.subtract(changedRows(model, 'o'))}; ${model.add(changedRows(model, 'n'))}; return null;
   end $$`,
  `create or replace function ${model.name}_delete() returns trigger language plpgsql as $$
   begin
     perform pg_advisory_xact_lock_shared(${foldLockKey}); ${model.subtract(counted('removed'))}; return null;
   end $$`,
];

/**
 * The rows taken, each looked up by its id: a plan kept for `id = any(taken)` may read the whole table (made when it
 * was small, or with no statistics), where the planner joins an unnested array by the primary key. An id is noted
 * twice when an answer erased before its fold is posted again with the same id: counted once.
 */
const takenRows = '(select f.* from (select distinct id from unnest(taken) as t (id)) t join feedback f using (id))';

/** A fold's start (plpgsql): nothing noted, 0; the lock not had within a second, -1 (see above). */
export const foldStart = `
    if not exists (select 1 from read_models_pending) then return 0; end if;
    for tried in 1..100 loop
      exit when pg_try_advisory_xact_lock(${foldLockKey});
      if tried = 100 then return -1; end if;
      perform pg_sleep(0.01);
    end loop;`;

// Taken and then read in two statements: the second sees every row committed before the lock was taken.
export const fold = `
  create function fold_read_models() returns integer language plpgsql as $$
  declare taken uuid[];
  begin
    ${foldStart}
    with noted as (delete from read_models_pending returning feedback_id)
    select array_agg(feedback_id) into taken from noted;
    if taken is null then return 0; end if;
    ${models.map((model) => model.add(takenRows)).join(';\n')};
    return cardinality(taken);
  end $$`;

export async function up(db: Knex): Promise<void> {
  await db.raw('create table read_models_pending (feedback_id uuid not null)');
  await db.raw(`create function read_models_note() returns trigger language plpgsql as $$
    begin insert into read_models_pending (feedback_id) select id from added; return null; end $$`);
  for (const model of models) {
    await db.raw(`drop trigger feedback_${model.name}_insert on feedback`);
    await db.raw(`drop function ${model.name}_insert()`);
    for (const sql of functions(model)) await db.raw(sql);
  }
  await db.raw(`create trigger feedback_read_models_note after insert on feedback referencing new table as added
    for each statement execute function read_models_note()`);
  await db.raw(fold);
}

export async function down(db: Knex): Promise<void> {
  // No more notes, then the last fold: an insert between the two would be noted and never counted.
  await db.raw('drop trigger feedback_read_models_note on feedback');
  await db.raw('select fold_read_models()');
  for (const sql of ['drop function fold_read_models()', 'drop function read_models_note()']) await db.raw(sql);
  await db.raw('drop table read_models_pending');
  // Each insert counted again, by the triggers the terms migration made.
  for (const model of models) {
    for (const op of ['update', 'delete']) await db.raw(`drop trigger feedback_${model.name}_${op} on feedback`);
    for (const sql of triggers(model)) await db.raw(sql);
  }
}
