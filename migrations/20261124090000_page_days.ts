import type { Knex } from 'knex';

/**
 * Daily counts per page (days in Europe/Oslo), the read model behind the page reports. The database keeps them in
 * step with `feedback` itself: statement-level triggers fold each statement's rows in at once (one upsert per batch of
 * posts, not one per row), whichever code inserts, adds or erases a comment, or deletes.
 */
const osloDay = (row: string) => `(${row}.created_at at time zone 'Europe/Oslo')::date`;

const statements = [
  `create table page_days (
    site_id text not null references sites (id) on delete cascade,
    path text not null,
    day date not null,
    yes integer not null,
    no integer not null,
    comments integer not null,
    last_at timestamptz not null,
    primary key (site_id, path, day)
  )`,
  'create index page_days_site_day on page_days (site_id, day)',
  // A double comment is looked for among the page's recent comments only.
  'create index feedback_same_comment on feedback (site_id, path, commented_at) where comment is not null',
  // What editors read most: the newest comments of a site.
  'create index feedback_site_commented_time on feedback (site_id, created_at) where comment is not null',

  `create function page_days_insert() returns trigger language plpgsql as $$
  begin
    insert into page_days (site_id, path, day, yes, no, comments, last_at)
    select a.site_id, a.path, ${osloDay('a')}, count(*) filter (where a.found), count(*) filter (where not a.found), count(a.comment), max(a.created_at)
    from added a group by 1, 2, 3
    on conflict (site_id, path, day) do update
      set yes = page_days.yes + excluded.yes, no = page_days.no + excluded.no,
          comments = page_days.comments + excluded.comments, last_at = greatest(page_days.last_at, excluded.last_at);
    return null;
  end $$`,
  `create function page_days_comment() returns trigger language plpgsql as $$
  begin
    update page_days d set comments = d.comments + c.delta
    from (select o.site_id, o.path, ${osloDay('o')} as day,
                 sum((n.comment is not null)::int - (o.comment is not null)::int) as delta
          from before o join after n using (id) group by 1, 2, 3) c
    where c.delta <> 0 and d.site_id = c.site_id and d.path = c.path and d.day = c.day;
    return null;
  end $$`,
  // Deleted rows leave their page-days; a page-day left with no answers goes, and one whose latest answer went
  // takes the latest of those left.
  // Deleted rows leave their page-days; a page-day left with no answers goes, and one whose latest answer went
  // takes the latest of those left.
  `create function page_days_delete() returns trigger language plpgsql as $$
  begin
    delete from page_days d
    using (select r.site_id, r.path, ${osloDay('r')} as day, count(*) filter (where r.found) as yes, count(*) filter (where not r.found) as no
           from removed r group by 1, 2, 3) g
    where d.site_id = g.site_id and d.path = g.path and d.day = g.day and d.yes = g.yes and d.no = g.no;
    update page_days d
    set yes = d.yes - g.yes, no = d.no - g.no, comments = d.comments - g.comments,
        last_at = (select max(f.created_at) from feedback f
                   where f.site_id = d.site_id and f.path = d.path
                     and f.created_at >= d.day::timestamp at time zone 'Europe/Oslo'
                     and f.created_at < (d.day + 1)::timestamp at time zone 'Europe/Oslo')
    from (select r.site_id, r.path, ${osloDay('r')} as day, count(*) filter (where r.found) as yes,
                 count(*) filter (where not r.found) as no, count(r.comment) as comments
          from removed r group by 1, 2, 3) g
    where d.site_id = g.site_id and d.path = g.path and d.day = g.day;
    return null;
  end $$`,
  'create trigger feedback_page_days_insert after insert on feedback referencing new table as added for each statement execute function page_days_insert()',
  'create trigger feedback_page_days_comment after update on feedback referencing old table as before new table as after for each statement execute function page_days_comment()',
  'create trigger feedback_page_days_delete after delete on feedback referencing old table as removed for each statement execute function page_days_delete()',

  `insert into page_days (site_id, path, day, yes, no, comments, last_at)
   select f.site_id, f.path, ${osloDay('f')}, count(*) filter (where f.found), count(*) filter (where not f.found), count(f.comment), max(f.created_at)
   from feedback f group by 1, 2, 3`,
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
}

export async function down(db: Knex): Promise<void> {
  for (const trigger of ['feedback_page_days_delete', 'feedback_page_days_comment', 'feedback_page_days_insert']) await db.raw(`drop trigger ${trigger} on feedback`);
  for (const fn of ['page_days_delete', 'page_days_comment', 'page_days_insert']) await db.raw(`drop function ${fn}()`);
  await db.raw('drop index feedback_site_commented_time');
  await db.raw('drop index feedback_same_comment');
  await db.raw('drop table page_days');
}
