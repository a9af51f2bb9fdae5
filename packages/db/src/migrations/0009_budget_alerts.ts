import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  // Where alerts go: a webhook (JSON POST signed with the channel's secret) or an email address.
  // The secret is kept in clear because the worker signs with it; the admin shows it once.
  await db.raw(`
    create table alert_channels (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('webhook', 'email')),
      name text not null,
      url text,
      email_to text,
      secret text,
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      check ((kind = 'webhook' and url is not null and secret is not null) or (kind = 'email' and email_to is not null))
    )`)
  // One row per event worth telling, written in the transaction that caused it (a counter
  // increment, an override confirmation) or by the worker (forecast, anomaly). The unique key is
  // the dedupe: each kind fires once per budget and period (anomalies: once per organization and
  // day, budget_id null). dispatched_at is set once deliveries to the channels are queued.
  await db.raw(`
    create table ai_budget_alerts (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      budget_id bigint references ai_budgets(id) on delete cascade,
      user_id bigint references users(id) on delete cascade,
      kind text not null check (kind in ('warning', 'exceeded', 'override', 'will_exceed', 'anomaly')),
      period_start date not null,
      details jsonb not null default '{}',
      created_at timestamptz not null default now(),
      dispatched_at timestamptz,
      constraint ai_budget_alerts_once unique nulls not distinct (organization_id, budget_id, period_start, kind)
    )`)
  await db.raw(
    'create index ai_budget_alerts_undispatched on ai_budget_alerts (id) where dispatched_at is null',
  )
  await db.raw('create index ai_budget_alerts_created_at on ai_budget_alerts (created_at desc)')
  // Every delivery attempt, for the admin's delivery log.
  await db.raw(`
    create table alert_deliveries (
      id bigint generated always as identity primary key,
      alert_id bigint not null references ai_budget_alerts(id) on delete cascade,
      channel_id bigint not null references alert_channels(id) on delete cascade,
      attempt integer not null,
      status text not null check (status in ('delivered', 'failed')),
      response_code integer,
      error text,
      duration_ms integer not null,
      attempted_at timestamptz not null default now()
    )`)
  await db.raw('create index alert_deliveries_alert on alert_deliveries (alert_id, channel_id)')
  await db.raw('create index alert_deliveries_channel on alert_deliveries (channel_id, attempted_at desc)')
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('alert_deliveries')
  await db.schema.dropTableIfExists('ai_budget_alerts')
  await db.schema.dropTableIfExists('alert_channels')
}
