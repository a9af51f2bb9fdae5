import type { Knex } from 'knex'
import * as tenancy from './0001_tenancy'
import * as usageLogs from './0002_usage_logs'
import * as rollups from './0003_rollups'
import * as budgets from './0004_budgets'
import * as overridesAndSessions from './0006_overrides_and_sessions'
import * as loginAttempts from './0007_login_attempts'
import * as dashboardRollups from './0008_dashboard_rollups'
import * as budgetAlerts from './0009_budget_alerts'
import * as externalIds from './0010_external_ids'
import * as exactMoney from './0011_exact_money'
import * as providerKeys from './0012_provider_keys'
import * as partitionUsageLogs from './0013_partition_usage_logs'
import * as budgetScopes from './0014_budget_scopes'
import * as repriceRuns from './0015_reprice_runs'
import * as budgetReservations from './0016_budget_reservations'
import * as purposeTrigramIndex from './0017_purpose_trigram_index'

interface Migration {
  up: (db: Knex) => Promise<void>
  down: (db: Knex) => Promise<void>
}

/** Migrations are imported, not discovered on disk, so they work the same under tsx, vitest and bundlers. */
export const MIGRATIONS: ReadonlyArray<[name: string, migration: Migration]> = [
  ['0001_tenancy', tenancy],
  ['0002_usage_logs', usageLogs],
  ['0003_rollups', rollups],
  ['0004_budgets', budgets],
  ['0006_overrides_and_sessions', overridesAndSessions],
  ['0007_login_attempts', loginAttempts],
  ['0008_dashboard_rollups', dashboardRollups],
  ['0009_budget_alerts', budgetAlerts],
  ['0010_external_ids', externalIds],
  ['0011_exact_money', exactMoney],
  ['0012_provider_keys', providerKeys],
  ['0013_partition_usage_logs', partitionUsageLogs],
  ['0014_budget_scopes', budgetScopes],
  ['0015_reprice_runs', repriceRuns],
  ['0016_budget_reservations', budgetReservations],
  ['0017_purpose_trigram_index', purposeTrigramIndex],
]

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}
