import type { Knex } from 'knex'

/**
 * Budget scopes and periods. A budget is for its organization (no other scope column set), one
 * user, one project or one API key of it — at most one of the three, by check. Its period is
 * `monthly` (the default, so every existing budget stays what it was), `weekly` (weeks start on
 * Monday) or `daily`, read in `period_time_zone` (default UTC, an IANA name).
 *
 * The counter stays the one the record path already keeps per budget: `current_month_usage` is
 * the usage of the period starting `current_period_start` (the column names are kept, see
 * DESIGN.md: for a weekly budget it holds the week's usage). It is keyed by that start: a cost of
 * a newer period zeroes it first, a cost of an older one is left out, so periods never mix.
 * `tokenledger_budget_period_start` gives the period containing an instant, the same as the
 * domain's `periodStart` (tested against each other): both the record path and the budget's
 * creation use it.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create function tokenledger_budget_period_start(period text, zone text, at timestamptz)
    returns date language sql stable strict parallel safe as $$
      select case period
        when 'daily' then (at at time zone zone)::date
        when 'weekly' then date_trunc('week', at at time zone zone)::date
        when 'monthly' then date_trunc('month', at at time zone zone)::date
      end
    $$`)
  await db.raw(`
    alter table ai_budgets
      add column project_id bigint references projects(id) on delete cascade,
      add column api_key_id bigint references api_keys(id) on delete cascade,
      add column period text not null default 'monthly',
      add column period_time_zone text not null default 'UTC',
      add constraint ai_budgets_one_scope check (num_nonnulls(user_id, project_id, api_key_id) <= 1),
      add constraint ai_budgets_period check (period in ('monthly', 'weekly', 'daily')),
      add constraint ai_budgets_period_time_zone check (length(period_time_zone) between 1 and 64),
      drop constraint ai_budgets_scope,
      add constraint ai_budgets_scope
        unique nulls not distinct (organization_id, user_id, project_id, api_key_id, period)
  `)
  // Deleting a project or key deletes its budgets (cascade): these make that a lookup.
  await db.raw('create index ai_budgets_project on ai_budgets (project_id) where project_id is not null')
  await db.raw('create index ai_budgets_api_key on ai_budgets (api_key_id) where api_key_id is not null')
}

/**
 * Back to monthly budgets of organizations and users. Like dropping any column, this loses what
 * only the new columns could say: budgets of a project or an API key, and weekly or daily
 * budgets, are deleted (their alerts with them); a monthly budget in another zone stays, read in
 * UTC again.
 */
export async function down(db: Knex): Promise<void> {
  await db.raw(`
    delete from ai_budgets
    where project_id is not null or api_key_id is not null or period <> 'monthly'`)
  await db.raw(`
    alter table ai_budgets
      drop constraint ai_budgets_scope,
      add constraint ai_budgets_scope unique nulls not distinct (organization_id, user_id),
      drop column project_id,
      drop column api_key_id,
      drop column period,
      drop column period_time_zone
  `)
  await db.raw('drop function tokenledger_budget_period_start(text, text, timestamptz)')
}
