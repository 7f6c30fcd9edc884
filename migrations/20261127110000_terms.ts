import type { Knex } from 'knex';
import { termsOf } from '../src/terms/terms.ts';

/**
 * What people were looking for. Each comment keeps its terms (stems of words and two-word phrases), the form each was
 * written in, and its words as stems (for theme words); term_days and term_months count, per site, the comments that
 * use each term and how many of them were on a "no"; term_forms counts the written forms, so that a term is shown as
 * people write it (of every comment: it is how a term is shown, not a count). Feedback marked spam counts nowhere else:
 * not in the terms, nor any longer in page_days and page_months.
 *
 * The read models are kept in step by statement-level triggers. Each model has an `add` and a `subtract` of a set of
 * rows; an insert adds its rows, a delete subtracts them, and an update subtracts the rows as they were and adds them
 * as they are, for the rows whose change matters to that model.
 */

export const osloDay = (row: string) => `(${row}.created_at at time zone 'Europe/Oslo')::date`;
export const osloMonth = (row: string) => `date_trunc('month', ${row}.created_at at time zone 'Europe/Oslo')::date`;
/** Whether a row counts in the read models: not when marked spam. */
const counted = (row: string) => `${row}.status <> 'spam'`;

export interface ReadModel {
  name: string;
  /** SQL adding the rows of relation `rows` (alias r) that count. */
  add: (rows: string) => string;
  subtract: (rows: string) => string;
  /** When a changed row's old (o) and new (n) versions count differently. */
  changed: string;
}

export const pageDays: ReadModel = {
  name: 'page_days',
  add: (rows) => `
    insert into page_days (site_id, path, day, yes, no, comments, last_at)
    select r.site_id, r.path, ${osloDay('r')}, count(*) filter (where r.found), count(*) filter (where not r.found),
           count(r.comment), max(r.created_at)
    from ${rows} r where ${counted('r')} group by 1, 2, 3 order by 1, 2, 3
    on conflict (site_id, path, day) do update
      set yes = page_days.yes + excluded.yes, no = page_days.no + excluded.no,
          comments = page_days.comments + excluded.comments, last_at = greatest(page_days.last_at, excluded.last_at)`,
  // A page-day left with no answers goes; one whose latest answer went takes the latest of those left.
  subtract: (rows) => `
    with gone as (
      select r.site_id, r.path, ${osloDay('r')} as day, count(*) filter (where r.found) as yes,
             count(*) filter (where not r.found) as no, count(r.comment) as comments
      from ${rows} r where ${counted('r')} group by 1, 2, 3
    ), emptied as (
      delete from page_days d using gone g
      where d.site_id = g.site_id and d.path = g.path and d.day = g.day and d.yes = g.yes and d.no = g.no
      returning d.site_id
    )
    update page_days d
    set yes = d.yes - g.yes, no = d.no - g.no, comments = d.comments - g.comments,
        last_at = coalesce((select max(f.created_at) from feedback f
                   where f.site_id = d.site_id and f.path = d.path and ${counted('f')}
                     and f.created_at >= d.day::timestamp at time zone 'Europe/Oslo'
                     and f.created_at < (d.day + 1)::timestamp at time zone 'Europe/Oslo'), d.last_at)
    from gone g
    where d.site_id = g.site_id and d.path = g.path and d.day = g.day and (d.yes <> g.yes or d.no <> g.no)`,
  changed: `(o.status = 'spam') <> (n.status = 'spam') or (o.comment is null) <> (n.comment is null)`,
};

export const pageMonths: ReadModel = {
  name: 'page_months',
  add: (rows) => `
    insert into page_months (site_id, path, month, yes, no)
    select r.site_id, r.path, ${osloMonth('r')}, count(*) filter (where r.found), count(*) filter (where not r.found)
    from ${rows} r where ${counted('r')} group by 1, 2, 3 order by 1, 2, 3
    on conflict (site_id, path, month) do update
      set yes = page_months.yes + excluded.yes, no = page_months.no + excluded.no`,
  subtract: (rows) => `
    with gone as (
      select r.site_id, r.path, ${osloMonth('r')} as month, count(*) filter (where r.found) as yes,
             count(*) filter (where not r.found) as no
      from ${rows} r where ${counted('r')} group by 1, 2, 3
    ), emptied as (
      delete from page_months m using gone g
      where m.site_id = g.site_id and m.path = g.path and m.month = g.month and m.yes = g.yes and m.no = g.no
      returning m.site_id
    )
    update page_months m set yes = m.yes - g.yes, no = m.no - g.no
    from gone g
    where m.site_id = g.site_id and m.path = g.path and m.month = g.month and (m.yes <> g.yes or m.no <> g.no)`,
  changed: `(o.status = 'spam') <> (n.status = 'spam')`,
};

/**
 * A count of comments (and of those on a "no") per site, term and `period`. The empty term counts every comment, so
 * that how many comments a range holds is one row a day too.
 */
function termCounts(name: string, period: string, periodOf: (row: string) => string): ReadModel {
  const rowsOf = (rows: string) => `
      select r.site_id, t.term, ${periodOf('r')} as ${period}, count(*) as comments,
             count(*) filter (where not r.found) as no
      from ${rows} r cross join unnest(array_prepend('', r.terms)) as t (term)
      where ${counted('r')} and r.terms is not null group by 1, 2, 3`;
  return {
    name,
    add: (rows) => `
      insert into ${name} (site_id, term, ${period}, comments, no)
      ${rowsOf(rows)} order by 1, 2, 3
      on conflict (site_id, term, ${period}) do update
        set comments = ${name}.comments + excluded.comments, no = ${name}.no + excluded.no`,
    subtract: (rows) => `
      with gone as (${rowsOf(rows)}),
      emptied as (
        delete from ${name} c using gone g
        where c.site_id = g.site_id and c.term = g.term and c.${period} = g.${period} and c.comments = g.comments
        returning c.site_id
      )
      update ${name} c set comments = c.comments - g.comments, no = c.no - g.no
      from gone g
      where c.site_id = g.site_id and c.term = g.term and c.${period} = g.${period} and c.comments <> g.comments`,
    changed: `(o.status = 'spam') <> (n.status = 'spam') or o.terms is distinct from n.terms`,
  };
}

const termForms: ReadModel = (() => {
  const rowsOf = (rows: string) => `
      select r.site_id, t.term, t.form, count(*) as comments
      from ${rows} r cross join unnest(r.terms, r.forms) as t (term, form)
      where r.terms is not null group by 1, 2, 3`;
  return {
    name: 'term_forms',
    add: (rows) => `
      insert into term_forms (site_id, term, form, comments)
      ${rowsOf(rows)} order by 1, 2, 3
      on conflict (site_id, term, form) do update set comments = term_forms.comments + excluded.comments`,
    subtract: (rows) => `
      with gone as (${rowsOf(rows)}),
      emptied as (
        delete from term_forms c using gone g
        where c.site_id = g.site_id and c.term = g.term and c.form = g.form and c.comments = g.comments
        returning c.site_id
      )
      update term_forms c set comments = c.comments - g.comments
      from gone g
      where c.site_id = g.site_id and c.term = g.term and c.form = g.form and c.comments <> g.comments`,
    changed: 'o.terms is distinct from n.terms',
  };
})();

const termDays = termCounts('term_days', 'day', osloDay);
const termMonths = termCounts('term_months', 'month', osloMonth);

/**
 * The three term tables as one model, so that an insert (the intake's batch) runs one trigger and reads its rows'
 * terms once: one statement whose parts each add to a table.
 */
export const terms: ReadModel = {
  name: 'terms',
  add: (rows) => `
    with used as (
      select r.site_id, r.found, ${counted('r')} as counts, r.created_at, t.term, t.form
      from ${rows} r cross join unnest(array_prepend('', r.terms), array_prepend('', r.forms)) as t (term, form)
      where r.terms is not null
    ), days as (
      insert into term_days (site_id, term, day, comments, no)
      select site_id, term, ${osloDay('u')}, count(*), count(*) filter (where not u.found)
      from used u where counts group by 1, 2, 3 order by 1, 2, 3
      on conflict (site_id, term, day) do update
        set comments = term_days.comments + excluded.comments, no = term_days.no + excluded.no
    ), months as (
      insert into term_months (site_id, term, month, comments, no)
      select site_id, term, ${osloMonth('u')}, count(*), count(*) filter (where not u.found)
      from used u where counts group by 1, 2, 3 order by 1, 2, 3
      on conflict (site_id, term, month) do update
        set comments = term_months.comments + excluded.comments, no = term_months.no + excluded.no
    )
    insert into term_forms (site_id, term, form, comments)
    select site_id, term, form, count(*) from used where term <> '' group by 1, 2, 3 order by 1, 2, 3
    on conflict (site_id, term, form) do update set comments = term_forms.comments + excluded.comments`,
  subtract: (rows) => [termDays, termMonths, termForms].map((model) => model.subtract(rows)).join(';\n'),
  changed: `(o.status = 'spam') <> (n.status = 'spam') or o.terms is distinct from n.terms`,
};

export function triggers(model: ReadModel): string[] {
  const { name } = model;
  const changedRows = (version: 'o' | 'n') =>
    `(select ${version}.* from before o join after n using (id) where ${model.changed})`;
  return [
    `create or replace function ${name}_insert() returns trigger language plpgsql as $$
     begin ${model.add('added')}; return null; end $$`,
    `create or replace function ${name}_update() returns trigger language plpgsql as $$
     begin ${model.subtract(changedRows('o'))}; ${model.add(changedRows('n'))}; return null; end $$`,
    `create or replace function ${name}_delete() returns trigger language plpgsql as $$
     begin ${model.subtract('removed')}; return null; end $$`,
    `create trigger feedback_${name}_insert after insert on feedback referencing new table as added
     for each statement execute function ${name}_insert()`,
    `create trigger feedback_${name}_update after update on feedback referencing old table as before new table as after
     for each statement execute function ${name}_update()`,
    `create trigger feedback_${name}_delete after delete on feedback referencing old table as removed
     for each statement execute function ${name}_delete()`,
  ];
}

const dropTriggers = (name: string) => [
  ...['insert', 'update', 'delete', 'comment'].map((op) => `drop trigger if exists feedback_${name}_${op} on feedback`),
  ...['insert', 'update', 'delete', 'comment'].map((op) => `drop function if exists ${name}_${op}()`),
];

/** Fills the terms of comments stored before this migration, a batch at a time. */
async function fillTerms(db: Knex): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch: { id: string; comment: string }[] = await db('feedback')
      .whereNotNull('comment')
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .select('id', 'comment');
    if (batch.length === 0) return;
    const rows = batch.map(({ id, comment }) => ({ id, ...termsOf(comment) }));
    await db.raw(
      `update feedback f set terms = t.terms, forms = t.forms, stems = t.stems
       from json_to_recordset(?::json) as t (id uuid, terms text[], forms text[], stems text)
       where f.id = t.id`,
      [JSON.stringify(rows)],
    );
    after = (batch.at(-1) as { id: string }).id;
  }
}

export async function up(db: Knex): Promise<void> {
  // Spam leaves page_days and page_months: rebuilt without it, kept by the new triggers.
  for (const name of ['page_days', 'page_months']) for (const sql of dropTriggers(name)) await db.raw(sql);
  await db.raw(`delete from page_days`);
  await db.raw(`delete from page_months`);
  await db.raw(pageDays.add('feedback'));
  await db.raw(pageMonths.add('feedback'));

  await db.raw('alter table feedback add column terms text[], add column forms text[], add column stems text');
  await fillTerms(db);
  await db.raw(`create table term_days (
    site_id text not null references sites (id) on delete cascade,
    term text not null,
    day date not null,
    comments integer not null,
    no integer not null,
    primary key (site_id, term, day)
  )`);
  await db.raw(`create table term_months (
    site_id text not null references sites (id) on delete cascade,
    term text not null,
    month date not null,
    comments integer not null,
    no integer not null,
    primary key (site_id, term, month)
  )`);
  await db.raw('create index term_months_by_comments on term_months (site_id, month, comments desc)');
  await db.raw('create index term_months_by_no on term_months (site_id, month, no desc)');
  await db.raw(`create table term_forms (
    site_id text not null references sites (id) on delete cascade,
    term text not null,
    form text not null,
    comments integer not null,
    primary key (site_id, term, form)
  )`);
  await db.raw(terms.add('feedback'));
  for (const model of [pageDays, pageMonths, terms]) for (const sql of triggers(model)) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  for (const name of ['page_days', 'page_months', 'terms']) for (const sql of dropTriggers(name)) await db.raw(sql);
  for (const table of ['term_forms', 'term_months', 'term_days']) await db.schema.dropTable(table);
  await db.raw('alter table feedback drop column terms, drop column forms, drop column stems');
  // The page read models as their own migrations made them (spam counted), with those migrations' triggers and
  // indexes, so that their own `down` finds what it undoes.
  for (const sql of ['drop table page_days', 'drop table page_months', 'drop index feedback_site_commented_time'])
    await db.raw(sql);
  await db.raw('drop index if exists feedback_same_comment');
  for (const earlier of ['20261124090000_page_days', '20261125090000_page_months']) {
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const migration = (await import(new URL(`${earlier}.${ext}`, import.meta.url).href)) as Knex.Migration;
    await migration.up(db);
  }
  await db.raw('drop index feedback_same_comment'); // as 20261127100000_same_comment_hash left it
}
