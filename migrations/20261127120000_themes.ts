import type { Knex } from 'knex';
import { builtinThemeRows } from '../src/themes/builtin.ts';

/**
 * Themes: named groups of comments. A comment is in a theme by its words (a LIKE pattern of the theme over the
 * comment's stems, kept by triggers as comments come, change and go), by an editor's choice, or by fantdu's
 * suggestion; `rejected` records a suggestion an editor turned down. feedback_themes keeps beside each membership the
 * comment's own path, time, answer and whether it is spam, so that a site's themes are counted from it alone.
 */
const statements = [
  `create table themes (
    site_id text not null references sites (id) on delete cascade,
    id text not null,
    name text not null,
    words text[] not null,
    patterns text[] not null,
    builtin boolean not null default false,
    created_at timestamptz not null default now(),
    primary key (site_id, id)
  )`,
  'create unique index themes_site_name on themes (site_id, lower(name))',
  `create table feedback_themes (
    feedback_id uuid not null references feedback (id) on delete cascade,
    site_id text not null,
    theme_id text not null,
    by text not null check (by in ('words', 'editor', 'suggestion', 'rejected')),
    path text not null,
    created_at timestamptz not null,
    found boolean not null,
    spam boolean not null,
    primary key (feedback_id, theme_id),
    foreign key (site_id, theme_id) references themes (site_id, id) on delete cascade
  )`,
  `create index feedback_themes_counts on feedback_themes (site_id, theme_id, created_at)
   include (found, spam, by, path)`,
  // What fantdu learnt of each theme from the editors' choices (see naive-bayes.ts), and a count per site that each
  // learning raises, so that suggestions made from an older learning stop being written.
  `create table theme_models (
    site_id text not null,
    theme_id text not null,
    weights jsonb not null,
    other real not null,
    threshold real not null,
    recall real not null,
    positives integer not null,
    learnt_at timestamptz not null default now(),
    primary key (site_id, theme_id),
    foreign key (site_id, theme_id) references themes (site_id, id) on delete cascade
  )`,
  `create table theme_learning (
    site_id text primary key references sites (id) on delete cascade,
    version bigint not null
  )`,

  // A comment stored, or one whose words changed: its themes by words (and suggestions, which were made from the
  // words it had) are made again; a comment erased leaves every theme.
  `create function feedback_themes_insert() returns trigger language plpgsql as $$
  begin
    insert into feedback_themes (feedback_id, site_id, theme_id, by, path, created_at, found, spam)
    select a.id, a.site_id, t.id, 'words', a.path, a.created_at, a.found, a.status = 'spam'
    from added a join themes t on t.site_id = a.site_id
    where a.stems is not null and a.stems like any (t.patterns)
    order by 1, 3;
    return null;
  end $$`,
  `create function feedback_themes_update() returns trigger language plpgsql as $$
  begin
    update feedback_themes ft set spam = n.status = 'spam'
    from before o join after n using (id)
    where ft.feedback_id = n.id and (o.status = 'spam') <> (n.status = 'spam');
    delete from feedback_themes ft
    using before o join after n using (id)
    where ft.feedback_id = n.id and o.stems is distinct from n.stems
      and (ft.by in ('words', 'suggestion') or n.stems is null);
    insert into feedback_themes (feedback_id, site_id, theme_id, by, path, created_at, found, spam)
    select n.id, n.site_id, t.id, 'words', n.path, n.created_at, n.found, n.status = 'spam'
    from before o join after n using (id) join themes t on t.site_id = n.site_id
    where o.stems is distinct from n.stems and n.stems is not null and n.stems like any (t.patterns)
    order by 1, 3
    on conflict (feedback_id, theme_id) do update set by = 'words' where feedback_themes.by = 'rejected';
    return null;
  end $$`,
  `create trigger feedback_themes_insert after insert on feedback referencing new table as added
   for each statement execute function feedback_themes_insert()`,
  `create trigger feedback_themes_update after update on feedback referencing old table as before new table as after
   for each statement execute function feedback_themes_update()`,
];

export async function up(db: Knex): Promise<void> {
  for (const sql of statements) await db.raw(sql);
  const sites: { id: string }[] = await db('sites').select('id');
  for (const site of sites) await db('themes').insert(builtinThemeRows(site.id));
  await db.raw(`
    insert into feedback_themes (feedback_id, site_id, theme_id, by, path, created_at, found, spam)
    select f.id, f.site_id, t.id, 'words', f.path, f.created_at, f.found, f.status = 'spam'
    from feedback f join themes t on t.site_id = f.site_id
    where f.stems is not null and f.stems like any (t.patterns)`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop trigger feedback_themes_update on feedback');
  await db.raw('drop trigger feedback_themes_insert on feedback');
  await db.raw('drop function feedback_themes_update()');
  await db.raw('drop function feedback_themes_insert()');
  await db.schema.dropTable('theme_learning');
  await db.schema.dropTable('theme_models');
  await db.schema.dropTable('feedback_themes');
  await db.schema.dropTable('themes');
}
