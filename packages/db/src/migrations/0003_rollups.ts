import type { Knex } from 'knex'

// NULLS NOT DISTINCT (PostgreSQL 15+): a row with no user is one key, not a fresh one per insert.
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table ai_usage_daily (
      id bigint generated always as identity primary key,
      date date not null,
      organization_id bigint references organizations(id) on delete cascade,
      user_id bigint references users(id) on delete set null,
      category text not null,
      provider text not null,
      model text not null,
      request_count integer not null default 0,
      success_count integer not null default 0,
      failure_count integer not null default 0,
      total_prompt_tokens bigint not null default 0,
      total_completion_tokens bigint not null default 0,
      total_tokens bigint not null default 0,
      total_cost numeric(12, 6) not null default 0,
      total_duration_ms bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint ai_usage_daily_key unique nulls not distinct (date, organization_id, user_id, category, provider, model)
    )`)
  await db.raw('create index ai_usage_daily_org_date on ai_usage_daily (organization_id, date)')
  await db.raw('create index ai_usage_daily_user_date on ai_usage_daily (user_id, date)')

  await db.raw(`
    create table ai_usage_monthly (
      id bigint generated always as identity primary key,
      year smallint not null,
      month smallint not null check (month between 1 and 12),
      organization_id bigint references organizations(id) on delete cascade,
      user_id bigint references users(id) on delete set null,
      category text not null,
      request_count integer not null default 0,
      success_count integer not null default 0,
      total_tokens bigint not null default 0,
      total_cost numeric(14, 6) not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint ai_usage_monthly_key unique nulls not distinct (year, month, organization_id, user_id, category)
    )`)
  await db.raw('create index ai_usage_monthly_org on ai_usage_monthly (organization_id, year, month)')
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('ai_usage_monthly')
  await db.schema.dropTableIfExists('ai_usage_daily')
}
