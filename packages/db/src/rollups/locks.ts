import type { Knex } from 'knex'

/**
 * Transaction-scoped advisory locks (first key: which rollup; second: which period). Two runs of
 * the same period (a cron job and a CLI backfill, or two workers) queue behind each other instead
 * of interleaving; different periods run in parallel.
 */
export const ROLLUP_LOCK = {
  daily: 0x746c_0001,
  monthly: 0x746c_0002,
  /** The dashboard's month tables, rebuilt by daily runs of the month (see dashboard-rollups.ts). */
  dashboardMonth: 0x746c_0003,
} as const

export async function lockPeriod(trx: Knex.Transaction, kind: keyof typeof ROLLUP_LOCK, period: number) {
  await trx.raw('select pg_advisory_xact_lock(?::integer, ?::integer)', [ROLLUP_LOCK[kind], period])
}
