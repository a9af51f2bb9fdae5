import type { Db } from '../knex'
import {
  DEFAULT_PARTITION,
  type MonthPartition,
  monthPartition,
  monthsFrom,
  USAGE_LOGS,
} from './month-partition'

export interface PartitionRun {
  /** The partitions created, by name, oldest month first. */
  created: string[]
  /** Rows moved out of the DEFAULT partition into the months created for them. */
  moved: number
  durationMs: number
}

/** Transaction-scoped advisory lock ("tl" 0x746c, 4): two workers never create the same month. */
const LOCK = [0x746c0004, 0] as const

/**
 * Makes sure `ai_usage_logs` has a partition for the UTC month of `now` and the `monthsAhead`
 * months after it, and for every month the DEFAULT partition holds rows of (a call stored for a
 * month that had no partition yet: the write path never fails for want of one). Idempotent: a second
 * run creates nothing. One transaction, so a month is either created with its rows moved in or not
 * at all.
 *
 * PostgreSQL refuses to create a partition whose range the DEFAULT partition holds rows of, so each
 * missing month is built as a plain table, filled with its rows from DEFAULT (same ids and values),
 * and then attached. Attaching locks the logs table briefly; `lockTimeoutMs` (default 10 s) bounds the wait behind
 * long transactions (the next run tries again) so writers never queue behind this job for long.
 * Needs the role that owns the table (the worker uses its queue connection, not the app role).
 */
export async function ensureUsageLogPartitions(
  db: Db,
  options: {
    now: Date
    monthsAhead?: number
    /** More 'YYYY-MM' months to make sure of, e.g. before importing or generating history. */
    months?: readonly string[]
    lockTimeoutMs?: number
  },
): Promise<PartitionRun> {
  const started = performance.now()
  const ahead = monthsFrom(options.now, options.monthsAhead ?? 2)
  // Checked before anything runs: each name goes into DDL.
  for (const month of options.months ?? []) monthPartition(month)
  const lockTimeout = options.lockTimeoutMs ?? 10_000
  if (!Number.isSafeInteger(lockTimeout) || lockTimeout <= 0)
    throw new Error(`lockTimeoutMs must be a positive whole number of milliseconds: ${lockTimeout}`)
  return db.transaction(async (trx) => {
    await trx.raw(`set local lock_timeout = ${lockTimeout}`)
    await trx.raw('select pg_advisory_xact_lock(?, ?)', [...LOCK])
    await assertPartitioned(trx)
    const existing = new Set(await partitionNames(trx))
    const { rows } = await trx.raw(
      `select distinct to_char(created_at at time zone 'UTC', 'YYYY-MM') as month from ${DEFAULT_PARTITION}`,
    )
    const stranded = rows.map((r: { month: string }) => r.month)
    const wanted = [...new Set([...ahead, ...(options.months ?? []), ...stranded])]
      .sort()
      .map(monthPartition)
      .filter((p) => !existing.has(p.name))
    let moved = 0
    for (const partition of wanted) moved += await createMonth(trx, partition)
    return { created: wanted.map((p) => p.name), moved, durationMs: Math.round(performance.now() - started) }
  })
}

/** The partitions of `ai_usage_logs` (the DEFAULT one included), by table name. */
export async function partitionNames(db: Db): Promise<string[]> {
  const { rows } = await db.raw(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = ?::regclass order by c.relname`,
    [USAGE_LOGS],
  )
  return rows.map((r: { name: string }) => r.name)
}

async function createMonth(trx: Db, p: MonthPartition): Promise<number> {
  await trx.raw(
    `create table ${p.name} (like ${USAGE_LOGS}
       including defaults including constraints including generated including storage including comments)`,
  )
  const range = [p.from, p.to]
  const where = 'created_at >= ?::timestamptz and created_at < ?::timestamptz'
  const inserted = await trx.raw(
    `insert into ${p.name} select * from ${DEFAULT_PARTITION} where ${where}`,
    range,
  )
  if (inserted.rowCount) await trx.raw(`delete from ${DEFAULT_PARTITION} where ${where}`, range)
  // Attaching checks the new table's rows against the range, and DEFAULT against it.
  await trx.raw(
    `alter table ${USAGE_LOGS} attach partition ${p.name} for values from ('${p.from}') to ('${p.to}')`,
  )
  return inserted.rowCount ?? 0
}

async function assertPartitioned(trx: Db): Promise<void> {
  const { rows } = await trx.raw(
    `select c.relkind as kind, d.relname as default_partition
     from pg_class c
     left join pg_partitioned_table t on t.partrelid = c.oid
     left join pg_class d on d.oid = t.partdefid
     where c.oid = to_regclass(?)`,
    [USAGE_LOGS],
  )
  const row = rows[0]
  if (row?.kind !== 'p')
    throw new Error(`${USAGE_LOGS} is not partitioned: run the migrations (0013_partition_usage_logs) first`)
  if (row.default_partition !== DEFAULT_PARTITION)
    throw new Error(`${USAGE_LOGS} has no DEFAULT partition named ${DEFAULT_PARTITION}`)
}
