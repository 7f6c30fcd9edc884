import type { Knex } from 'knex';

/**
 * Monthly "yes" and "no" per page (months in Europe/Oslo), indexed by count within each month. They bound a page's
 * count over any range of days from above (the sum over the months the range touches), which lets the top pages of a
 * range be found among a few hundred candidates instead of adding up every page (see ReportReadModel.topPages).
 * Kept in step with `feedback` by statement-level triggers, like page_days.
 */
const osloMonth = (row: string) => `date_trunc('month', ${row}.created_at at time zone 'Europe/Oslo')::date`;

const statements = [
  `create table page_months (
    site_id text not null references sites (id) on delete cascade,
    path text not null,
    month date not null,
    yes integer not null,
    no integer not null,
    primary key (site_id, path, month)
  )`,
  'create index page_months_by_no on page_months (site_id, month, no desc)',
  'create index page_months_by_total on page_months (site_id, month, (yes + no) desc)',

  `create function page_months_insert() returns trigger language plpgsql as $$
  begin
    insert into page_months (site_id, path, month, yes, no)
    select a.site_id, a.path, ${osloMonth('a')}, count(*) filter (where a.found), count(*) filter (where not a.found)
    from added a group by 1, 2, 3
    on conflict (site_id, path, month) do update set yes = page_months.yes + excluded.yes, no = page_months.no + excluded.no;
    return null;
  end $$`,
  `create function page_months_delete() returns trigger language plpgsql as $$
  begin
    update page_months m set yes = m.yes - g.yes, no = m.no - g.no
    from (select r.site_id, r.path, ${osloMonth('r')} as month, count(*) filter (where r.found) as yes, count(*) filter (where not r.found) as no
          from removed r group by 1, 2, 3) g
    where m.site_id = g.site_id and m.path = g.path and m.month = g.month;
    delete from page_months m where m.yes = 0 and m.no = 0 and (m.site_id, m.path, m.month) in (select r.site_id, r.path, ${osloMonth('r')} from removed r);
    return null;
  end $$`,
  'create trigger feedback_page_months_insert after insert on feedback referencing new table as added for each statement execute function page_months_insert()',
  'create trigger feedback_page_months_delete after delete on feedback referencing old table as removed for each statement execute function page_months_delete()',

  `insert into page_months (site_id, path, month, yes, no)
   select f.site_id, f.path, ${osloMonth('f')}, count(*) filter (where f.found), count(*) filter (where not f.found)
   from feedback f group by 1, 2, 3`,
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  for (const trigger of ['feedback_page_months_delete', 'feedback_page_months_insert']) await db.raw(`drop trigger ${trigger} on feedback`);
  for (const fn of ['page_months_delete', 'page_months_insert']) await db.raw(`drop function ${fn}()`);
  await db.raw('drop table page_months');
}
