import { isCalendarDay, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import { countCallsToReprice, repriceUsage } from './reprice-usage'

/** A reprice the admin asked for, and how far the worker got (table `reprice_runs`). */
export interface RepriceRun {
  id: number
  model: string
  /** UTC days, YYYY-MM-DD, both included. */
  from: string
  to: string
  onlyUnpriced: boolean
  status: 'queued' | 'running' | 'finished' | 'failed'
  /** Calls in scope when the run (or its latest attempt) started; null while queued. */
  total: number | null
  done: number
  changed: number
  newlyPriced: number | null
  stillUnpriced: number | null
  costBefore: Usd | null
  costAfter: Usd | null
  error: string | null
  attempts: number
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

export interface RepriceRequest {
  model: string
  from: string
  to: string
  onlyUnpriced?: boolean
  requestedBy?: number | null
}

export type RequestRepriceResult =
  | { ok: true; run: RepriceRun }
  /** A reprice of this model is queued or running: one at a time per model. */
  | { ok: false; reason: 'already-active'; run: RepriceRun }

/** A worker that stopped beating for this long is gone: its run is taken over (default 5 minutes). */
export const REPRICE_STALE_AFTER_MS = 5 * 60_000

interface RunRow {
  id: string | number
  model: string
  from_day: string
  to_day: string
  only_unpriced: boolean
  status: RepriceRun['status']
  total: number | null
  done: number
  changed: number
  newly_priced: number | null
  still_unpriced: number | null
  cost_before: string | null
  cost_after: string | null
  error: string | null
  attempts: number
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}

const SELECT = `id, model, to_char(from_day, 'YYYY-MM-DD') as from_day, to_char(to_day, 'YYYY-MM-DD') as to_day,
  only_unpriced, status, total, done, changed, newly_priced, still_unpriced, cost_before::text as cost_before,
  cost_after::text as cost_after, error, attempts, created_at, started_at, finished_at`

function toRun(row: RunRow): RepriceRun {
  return {
    id: Number(row.id),
    model: row.model,
    from: row.from_day,
    to: row.to_day,
    onlyUnpriced: row.only_unpriced,
    status: row.status,
    total: row.total,
    done: row.done,
    changed: row.changed,
    newlyPriced: row.newly_priced,
    stillUnpriced: row.still_unpriced,
    costBefore: row.cost_before,
    costAfter: row.cost_after,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  }
}

/**
 * Queues a reprice for a worker to pick up (`prices:reprice`). Refused, with the run in the way,
 * when the model already has one queued or running (a partial unique index decides, so two admins
 * clicking at once get one run).
 */
export async function requestReprice(db: Db, request: RepriceRequest): Promise<RequestRepriceResult> {
  if (!request.model.trim()) throw new RangeError('model is required')
  if (!isCalendarDay(request.from))
    throw new RangeError(`from must be a calendar day written YYYY-MM-DD, got "${request.from}"`)
  if (!isCalendarDay(request.to))
    throw new RangeError(`to must be a calendar day written YYYY-MM-DD, got "${request.to}"`)
  if (request.from > request.to) throw new RangeError(`from ${request.from} is after to ${request.to}`)
  const { rows } = await db.raw(
    `insert into reprice_runs (model, from_day, to_day, only_unpriced, requested_by)
     values (?, ?, ?, ?, ?)
     on conflict (model) where status in ('queued', 'running') do nothing
     returning ${SELECT}`,
    [request.model, request.from, request.to, request.onlyUnpriced ?? false, request.requestedBy ?? null],
  )
  if (rows[0]) return { ok: true, run: toRun(rows[0]) }
  const active = await activeRepriceRun(db, request.model)
  // The active run finished between the insert and this read: ask again.
  if (!active) return requestReprice(db, request)
  return { ok: false, reason: 'already-active', run: active }
}

export async function findRepriceRun(db: Db, id: number): Promise<RepriceRun | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null
  const { rows } = await db.raw(`select ${SELECT} from reprice_runs where id = ?`, [id])
  return rows[0] ? toRun(rows[0]) : null
}

/** The model's queued or running reprice, if any. */
export async function activeRepriceRun(db: Db, model: string): Promise<RepriceRun | null> {
  const { rows } = await db.raw(
    `select ${SELECT} from reprice_runs where model = ? and status in ('queued', 'running')`,
    [model],
  )
  return rows[0] ? toRun(rows[0]) : null
}

/** The newest runs first (the admin's list). */
export async function listRepriceRuns(db: Db, limit = 20): Promise<RepriceRun[]> {
  const { rows } = await db.raw(`select ${SELECT} from reprice_runs order by id desc limit ?`, [limit])
  return rows.map(toRun)
}

/** Whether a run waits for a worker: queued, or running under a worker that stopped beating. */
export async function repriceRunsWaiting(
  db: Db,
  now: Date,
  staleAfterMs = REPRICE_STALE_AFTER_MS,
): Promise<boolean> {
  const { rows } = await db.raw(
    `select exists (select 1 from reprice_runs
       where status = 'queued' or (status = 'running' and heartbeat_at < ?)) as waiting`,
    [new Date(now.getTime() - staleAfterMs)],
  )
  return rows[0].waiting
}

/**
 * Takes the oldest waiting run for this worker: marks it running and beats once. A run whose
 * worker died (no beat for `staleAfterMs`) is taken over and starts again from its first call —
 * safe because a reprice is idempotent (a call whose cost and source already match is left alone).
 */
export async function claimRepriceRun(
  db: Db,
  now: Date,
  staleAfterMs = REPRICE_STALE_AFTER_MS,
): Promise<RepriceRun | null> {
  const { rows } = await db.raw(
    `update reprice_runs set status = 'running', started_at = coalesce(started_at, :now),
       heartbeat_at = :now, attempts = attempts + 1, done = 0, changed = 0, error = null
     where id = (
       select id from reprice_runs
       where status = 'queued' or (status = 'running' and heartbeat_at < :stale)
       order by id limit 1 for update skip locked)
     returning ${SELECT}`,
    { now, stale: new Date(now.getTime() - staleAfterMs) },
  )
  return rows[0] ? toRun(rows[0]) : null
}

/**
 * Carries out a claimed run with `repriceUsage` (one transaction per chunk), writing its progress
 * after every chunk and its figures, or its error, at the end. Aborted through `signal`, the run
 * goes back to `queued` (the next worker redoes it). Returns the run as it ended.
 */
export async function carryOutRepriceRun(
  db: Db,
  run: RepriceRun,
  options: { now?: () => Date; chunkSize?: number; signal?: AbortSignal } = {},
): Promise<RepriceRun> {
  const now = options.now ?? (() => new Date())
  const scope = { from: run.from, to: run.to, model: run.model, onlyUnpriced: run.onlyUnpriced }
  // Progress writes are chained so they land in order, and awaited before the final figures.
  let progress = Promise.resolve()
  try {
    const total = await countCallsToReprice(db, scope)
    await db('reprice_runs').where({ id: run.id }).update({ total, heartbeat_at: now() })
    const result = await repriceUsage(db, {
      ...scope,
      chunkSize: options.chunkSize,
      signal: options.signal,
      onProgress: ({ done, changed }) => {
        progress = progress.then(async () => {
          await db('reprice_runs')
            .where({ id: run.id })
            .update({ done: Math.min(done, total), changed, heartbeat_at: now() })
        })
      },
    })
    await progress
    await db('reprice_runs')
      .where({ id: run.id })
      .update({
        status: 'finished',
        done: result.scanned,
        total: Math.max(total, result.scanned),
        changed: result.changed,
        newly_priced: result.newlyPriced,
        still_unpriced: result.stillUnpriced,
        cost_before: result.costBefore,
        cost_after: result.costAfter,
        finished_at: now(),
        heartbeat_at: now(),
      })
  } catch (error) {
    await progress.catch(() => {})
    if (options.signal?.aborted) {
      // Stopped by a shutting-down worker, not failed: back in the queue for the next worker.
      await db('reprice_runs').where({ id: run.id }).update({ status: 'queued', heartbeat_at: null })
      return (await findRepriceRun(db, run.id)) as RepriceRun
    }
    await db('reprice_runs')
      .where({ id: run.id })
      .update({ status: 'failed', error: (error as Error).message, finished_at: now() })
  }
  return (await findRepriceRun(db, run.id)) as RepriceRun
}
