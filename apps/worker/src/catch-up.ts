import { type Db, daysMissingRollups } from '@tokenledger/db'
import type { AddJobFunction } from 'graphile-worker'
import { TASK_NAMES } from './tasks'

/** Queues `ai:aggregate-daily` for each missing day (keyed by day, so two workers starting together queue each once). */
export async function queueMissingDays(
  db: Db,
  addJob: AddJobFunction,
  days: number,
  log: (line: string) => void,
): Promise<string[]> {
  const missing = await daysMissingRollups(db, days)
  for (const date of missing)
    await addJob(TASK_NAMES.aggregateDaily, { date }, { jobKey: `${TASK_NAMES.aggregateDaily}:${date}` })
  if (missing.length)
    log(
      `catch-up: queued ${missing.length} day(s) with logs but no daily rollup (${missing[0]} .. ${missing.at(-1)})`,
    )
  return missing
}
