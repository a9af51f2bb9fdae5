import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table ai_budgets (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      user_id bigint references users(id) on delete cascade,
      monthly_limit numeric(10, 2) check (monthly_limit >= 0),
      warning_threshold numeric(5, 2) not null default 80 check (warning_threshold between 0 and 100),
      current_month_usage numeric(12, 6) not null default 0,
      current_period_start date not null default date_trunc('month', now() at time zone 'UTC')::date,
      is_active boolean not null default true,
      allow_override boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint ai_budgets_scope unique nulls not distinct (organization_id, user_id)
    )`)
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('ai_budgets')
}
