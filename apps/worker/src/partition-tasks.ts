import { type Db, ensureUsageLogPartitions } from '@tokenledger/db'
import type { Task, TaskList } from 'graphile-worker'

export const PARTITION_TASK_NAMES = {
  create: 'ai:create-partitions',
} as const

/** Months created ahead of the current one: two, so a month is ready weeks before its first call. */
export const PARTITION_MONTHS_AHEAD = 2

/**
 * Daily (and once when a worker starts): the usage-log partitions for this month and the next two,
 * and a month of its own for any row the DEFAULT partition caught. Creating a partition is cheap
 * and the job is idempotent, so a daily run costs nothing and a worker down for weeks still finds
 * its months ready; a call in a month without one is stored in DEFAULT meanwhile.
 */
export const PARTITION_CRONTAB = `
23 3 * * * ${PARTITION_TASK_NAMES.create} ?max=3&jobKey=${PARTITION_TASK_NAMES.create}
`

export interface PartitionTaskContext {
  /** A connection allowed to create tables: the role that owns `ai_usage_logs` (the queue's). */
  ddlDb: Db
  log: (line: string) => void
  now?: () => Date
}

export function createPartitionTaskList(context: PartitionTaskContext): TaskList {
  const now = context.now ?? (() => new Date())
  const create: Task = async () => {
    const run = await ensureUsageLogPartitions(context.ddlDb, {
      now: now(),
      monthsAhead: PARTITION_MONTHS_AHEAD,
    })
    // Most runs find every month there: say something only when something was created.
    if (run.created.length)
      context.log(
        `${PARTITION_TASK_NAMES.create}: created ${run.created.join(', ')} (${run.moved} rows moved from DEFAULT) in ${run.durationMs} ms`,
      )
  }
  return { [PARTITION_TASK_NAMES.create]: create }
}
