import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  // Issue 14: a budget check that lets a call go may hold its estimated cost against the budgets
  // until the call is logged (the log's transaction deletes the row) or the row expires. The
  // columns are the call's scopes, the same ones a logged call's cost is counted under, so a
  // reservation counts against exactly the budgets the call will be added to. A row of a deleted
  // user, project or key goes with it, as their budgets do.
  await db.raw(`
    create table budget_reservations (
      id uuid primary key default gen_random_uuid(),
      organization_id bigint not null references organizations(id) on delete cascade,
      user_id bigint references users(id) on delete cascade,
      project_id bigint references projects(id) on delete cascade,
      api_key_id bigint references api_keys(id) on delete cascade,
      amount numeric(20,12) not null check (amount > 0),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      check (expires_at > created_at)
    )`)
  // The check sums an organization's unexpired reservations; the expiry job deletes old ones.
  await db.raw(
    'create index budget_reservations_organization_expiry on budget_reservations (organization_id, expires_at)',
  )
  await db.raw('create index budget_reservations_expiry on budget_reservations (expires_at)')
}

export async function down(db: Knex): Promise<void> {
  // Reservations are short-lived holds, nothing to keep: dropping them frees the budgets.
  await db.schema.dropTableIfExists('budget_reservations')
}
