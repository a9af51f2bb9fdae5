import { carryOutRepriceRun, claimRepriceRun, type Db, repriceRunsWaiting } from '@tokenledger/db'
import type { AddJobFunction, Task, TaskList } from 'graphile-worker'

export const REPRICE_TASK_NAME = 'prices:reprice'

export interface RepriceTaskContext {
  db: Db
  log: (line: string) => void
  now?: () => Date
}

/**
 * `prices:reprice`: carries out the reprices the admin queued (rows of `reprice_runs`), oldest
 * first, until none waits. The row, not the job, is the state: a worker shutting down puts its run
 * back in the queue between chunks; one that dies leaves it "running" without beats, and the next
 * job takes it over once stale. Either way it is redone from the start, which is safe (idempotent).
 * A failed run is recorded on its row, not retried by graphile.
 */
export function createRepriceTaskList(context: RepriceTaskContext): TaskList {
  const { db, log } = context
  const now = context.now ?? (() => new Date())
  const reprice: Task = async (_payload, helpers) => {
    for (;;) {
      // graphile aborts the signal a few seconds into a graceful shutdown: stop between chunks.
      if (helpers.abortSignal.aborted) return
      const run = await claimRepriceRun(db, now())
      if (!run) return
      const ended = await carryOutRepriceRun(db, run, { now, signal: helpers.abortSignal })
      const range = `${run.model} ${run.from}..${run.to}${run.onlyUnpriced ? ' (unpriced only)' : ''}`
      if (ended.status === 'finished')
        log(
          `${REPRICE_TASK_NAME} #${run.id} ${range}: ${ended.done} calls, ${ended.changed} changed, $${ended.costBefore} → $${ended.costAfter}`,
        )
      else if (ended.status === 'queued')
        log(
          `${REPRICE_TASK_NAME} #${run.id} ${range}: stopped at ${ended.done} calls by shutdown; queued again`,
        )
      else log(`${REPRICE_TASK_NAME} #${run.id} ${range} failed: ${ended.error}`)
    }
  }
  return { [REPRICE_TASK_NAME]: reprice }
}

/**
 * The admin cannot reach graphile's queue (its schema is the owner's), so the worker looks for
 * waiting runs every `intervalMs` and queues one `prices:reprice` (one job key: never a pile-up).
 * Returns the function that stops looking.
 */
export function watchRepriceRuns(options: {
  db: Db
  addJob: AddJobFunction
  intervalMs: number
  log: (line: string) => void
  now?: () => Date
}): () => void {
  const now = options.now ?? (() => new Date())
  let busy = false
  let lastError = ''
  const look = async () => {
    if (busy) return
    busy = true
    try {
      if (await repriceRunsWaiting(options.db, now()))
        await options.addJob(REPRICE_TASK_NAME, {}, { jobKey: REPRICE_TASK_NAME, maxAttempts: 1 })
      lastError = ''
    } catch (error) {
      // Said once per distinct failure (a database restart would otherwise flood the log).
      const message = (error as Error).message
      if (message !== lastError) options.log(`could not look for reprices: ${message}`)
      lastError = message
    } finally {
      busy = false
    }
  }
  void look()
  const timer = setInterval(look, options.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
