import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  // The admin's reprice requests and their progress. A table rather than graphile-worker's job
  // row: graphile deletes a job when it completes (the admin must still show "finished, 1,234
  // calls changed"), and its schema is readable by the owner role only, not by the admin's app
  // role. The row is also the queue: the admin inserts it, a worker claims it.
  await db.raw(`
    create table reprice_runs (
      id bigint generated always as identity primary key,
      model text not null,
      from_day date not null,
      to_day date not null,
      only_unpriced boolean not null default false,
      status text not null default 'queued'
        check (status in ('queued', 'running', 'finished', 'failed')),
      total integer,
      done integer not null default 0,
      changed integer not null default 0,
      newly_priced integer,
      still_unpriced integer,
      cost_before numeric,
      cost_after numeric,
      error text,
      attempts integer not null default 0,
      requested_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz,
      check (from_day <= to_day)
    )`)
  // One reprice per model at a time: a second request while one is queued or running is refused.
  await db.raw(`
    create unique index reprice_runs_one_active_per_model on reprice_runs (model)
    where status in ('queued', 'running')`)
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('reprice_runs')
}
