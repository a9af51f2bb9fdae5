import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  // A super admin's signed-in session (admin app cookie, or bearer token for admin procedures).
  await db.raw(`
    create table sessions (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`)
  await db.raw('create index sessions_user on sessions (user_id)')

  // An end user's informed decision to go past a budget: requested, then confirmed or cancelled,
  // then used by exactly one logged call. The uuid is the capability in the confirmation link.
  await db.raw(`
    create table budget_overrides (
      id uuid primary key default gen_random_uuid(),
      organization_id bigint not null references organizations(id) on delete cascade,
      user_id bigint not null references users(id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'confirmed', 'cancelled', 'used')),
      estimated_cost numeric(12, 6),
      check_result jsonb not null,
      requested_at timestamptz not null default now(),
      expires_at timestamptz not null,
      decided_by bigint references users(id) on delete set null,
      decided_at timestamptz,
      used_at timestamptz
    )`)
  await db.raw(
    'create index budget_overrides_org_requested on budget_overrides (organization_id, requested_at)',
  )
  await db.raw(
    'alter table ai_usage_logs add column budget_override_id uuid references budget_overrides(id) on delete set null',
  )
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table ai_usage_logs drop column if exists budget_override_id')
  await db.schema.dropTableIfExists('budget_overrides')
  await db.schema.dropTableIfExists('sessions')
}
