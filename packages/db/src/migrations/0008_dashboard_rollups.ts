import type { Knex } from 'knex'

/**
 * The dashboard's rollups: one table per grain a widget reads, per day and per month, derived from
 * `ai_usage_daily` (see rollups/dashboard-rollups.ts). `ai_usage_daily` keeps one row per (org,
 * user, category, provider, model) and day, close to one row per log when keys are spread out; these
 * drop the dimensions the dashboard never splits by, so each widget reads a few thousand rows.
 *
 * - `*_totals` (organization): cost cards, daily series, top organizations, all-time.
 * - `*_breakdown` (organization, provider, category): the provider and category pies.
 * - `*_users` (organization, user): top users.
 *
 * Counts are bigint and money plain `numeric`: a month of a large organization can outgrow the
 * per-day column sizes, and an unconstrained numeric sums exactly whatever scale the logs keep.
 * `user_id` has no foreign key: a deleted user's logs turn to no user, and the next run of their
 * days moves those rows; a `set null` here could collide with the no-user row of the same key.
 */
const FIGURES = `
      request_count bigint not null default 0,
      success_count bigint not null default 0,
      total_tokens bigint not null default 0,
      total_cost numeric not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()`

const GRAINS = {
  totals: { columns: '', key: '' },
  breakdown: { columns: 'provider text not null, category text not null,', key: ', provider, category' },
  users: { columns: 'user_id bigint,', key: ', user_id' },
} as const

export const DASHBOARD_TABLES = Object.keys(GRAINS).flatMap((grain) => [
  `ai_usage_daily_${grain}`,
  `ai_usage_monthly_${grain}`,
])

export async function up(db: Knex): Promise<void> {
  for (const [grain, { columns, key }] of Object.entries(GRAINS)) {
    await db.raw(`
      create table ai_usage_daily_${grain} (
        date date not null,
        organization_id bigint references organizations(id) on delete cascade,
        ${columns}${FIGURES},
        constraint ai_usage_daily_${grain}_key unique nulls not distinct (date, organization_id${key})
      )`)
    await db.raw(`
      create table ai_usage_monthly_${grain} (
        year smallint not null,
        month smallint not null check (month between 1 and 12),
        organization_id bigint references organizations(id) on delete cascade,
        ${columns}${FIGURES},
        constraint ai_usage_monthly_${grain}_key unique nulls not distinct (year, month, organization_id${key})
      )`)
  }
  await backfill(db)
}

/** An existing installation gets its history: every day of `ai_usage_daily`, then every month. */
async function backfill(db: Knex): Promise<void> {
  const sums = `sum(request_count)::bigint, sum(success_count)::bigint, sum(total_tokens)::bigint, sum(total_cost)`
  const figures = 'request_count, success_count, total_tokens, total_cost'
  for (const [grain, { key }] of Object.entries(GRAINS)) {
    await db.raw(`
      insert into ai_usage_daily_${grain} (date, organization_id${key}, ${figures})
      select date, organization_id${key}, ${sums} from ai_usage_daily
      group by date, organization_id${key}`)
    await db.raw(`
      insert into ai_usage_monthly_${grain} (year, month, organization_id${key}, ${figures})
      select extract(year from date)::smallint, extract(month from date)::smallint, organization_id${key}, ${sums}
      from ai_usage_daily_${grain}
      group by 1, 2, organization_id${key}`)
  }
}

export async function down(db: Knex): Promise<void> {
  for (const table of DASHBOARD_TABLES) await db.schema.dropTableIfExists(table)
}
