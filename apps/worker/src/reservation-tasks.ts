import { type Db, deleteExpiredReservations } from '@tokenledger/db'
import type { Task, TaskList } from 'graphile-worker'

export const RESERVATION_TASK_NAMES = {
  expire: 'budget:expire-reservations',
} as const

/**
 * Every 10 minutes: delete the budget reservations past their expiry. An expired reservation
 * already counts for nothing (checks read `expires_at > now`), so this only keeps the table
 * small; a job key collapses a backlog into one run.
 */
export const RESERVATION_CRONTAB = `
*/10 * * * * ${RESERVATION_TASK_NAMES.expire} ?max=3&jobKey=${RESERVATION_TASK_NAMES.expire}
`

export interface ReservationTaskContext {
  db: Db
  log: (line: string) => void
  now?: () => Date
}

export function createReservationTaskList(context: ReservationTaskContext): TaskList {
  const now = context.now ?? (() => new Date())
  const expire: Task = async () => {
    const started = performance.now()
    const deleted = await deleteExpiredReservations(context.db, now())
    // Most runs find a handful or none: say something only when some were deleted.
    if (deleted)
      context.log(
        `${RESERVATION_TASK_NAMES.expire}: ${deleted} expired reservations deleted in ${Math.round(performance.now() - started)} ms`,
      )
  }
  return { [RESERVATION_TASK_NAMES.expire]: expire }
}
