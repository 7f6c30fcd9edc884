import type { Knex } from 'knex';

/**
 * The intake's batch statement keeps one plan, made once per connection, instead of being planned again at each call.
 * Left to itself, Postgres plans a batch of one post anew every time (the plan for one row looks cheaper than the one
 * it would keep), and planning this statement costs more than writing the post: a batch of one took about 0.8 ms of
 * the database's CPU, 0.5 ms with the plan kept (3 000 calls each, twice, alternating); batches of 23 and 200 cost the
 * same either way. Posts that come one at a time, as they do on most sites and on the embedded database (whose CPU is
 * the server's), are the ones it spares. A `create or replace` of insert_feedback_batch must say it again.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter function insert_feedback_batch set plan_cache_mode = force_generic_plan');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter function insert_feedback_batch reset plan_cache_mode');
}
