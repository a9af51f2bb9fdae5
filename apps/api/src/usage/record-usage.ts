import {
  type Attribution,
  addToBudgetCounters,
  applyOverrideToLog,
  buildLogRow,
  type Db,
  type LogRow,
  loadCustomPrices,
  withoutNul,
} from '@tokenledger/db'
import { trimUsd, type UsageEvent } from '@tokenledger/domain'
import type { ApiKeyIdentity } from '../auth/authenticate-api-key'
import { checkAttribution } from './check-attribution'
import { redactEvents } from './redact-events'
import { type RedactTexts, sharedRedactionPool } from './redaction-pool/redaction-pool'
import { usageEventSchema } from './usage-event'

export type EventResult =
  | {
      index: number
      status: 'stored'
      id: number
      cost: string | null
      priced: boolean
      /** Why a presented budget override could not be used (the call is still recorded, without it). */
      overrideRejected?: string
    }
  | { index: number; status: 'duplicate'; id: number; cost: string | null; priced: boolean }
  | { index: number; status: 'rejected'; reason: 'INVALID_INPUT' | 'ATTRIBUTION_INVALID'; error: string }

/**
 * Stores a batch of usage events for one organization. Each event is validated and normalised
 * (bounded sizes and depth, NUL → U+FFFD) before any query sees it, then attributed, priced with
 * its own provider and model, and stored with every free-text field redacted (in worker threads
 * for large batches, see `redactTexts`); a bad event is rejected alone with its reason. The
 * accepted ones go in with one multi-row insert and their budget increments in one transaction.
 * An event is never half-stored: if the batch insert fails, the events are retried one by one so
 * one bad row cannot sink the others. Only a row the database refuses for its data is rejected;
 * any other failure (connection lost, database restarting) is thrown, so the caller gets a 5xx
 * and retries the batch (idempotency keys make that safe).
 */
export async function recordUsage(
  db: Db,
  identity: ApiKeyIdentity,
  rawEvents: unknown[],
  now: Date,
  redactTexts: RedactTexts = sharedRedactionPool().redactAll,
): Promise<EventResult[]> {
  const results: EventResult[] = new Array(rawEvents.length)
  const parsed: Array<{ index: number; event: UsageEvent }> = []
  rawEvents.forEach((raw, index) => {
    const outcome = usageEventSchema.safeParse(raw)
    // Postgres text cannot hold NUL: replaced here, before the price query sees the model.
    if (outcome.success) parsed.push({ index, event: withoutNul(outcome.data) })
    else
      results[index] = {
        index,
        status: 'rejected',
        reason: 'INVALID_INPUT',
        error: describeIssues(outcome.error.issues),
      }
  })

  const attributions = await checkAttribution(
    db,
    identity,
    parsed.map((p) => p.event),
  )
  const customPrices = await loadCustomPrices(
    db,
    parsed.map((p) => p.event),
  )
  const attributed: Array<{ index: number; event: UsageEvent; attribution: Attribution }> = []
  parsed.forEach(({ index, event }, i) => {
    const attribution = attributions[i]
    if (!attribution?.ok) {
      results[index] = {
        index,
        status: 'rejected',
        reason: 'ATTRIBUTION_INVALID',
        error: attribution?.message ?? 'attribution failed',
      }
      return
    }
    attributed.push({ index, event, attribution: attribution.attribution })
  })

  const redactions = await redactEvents(
    attributed.map((a) => a.event),
    redactTexts,
  )
  const rows: PendingRow[] = []
  attributed.forEach(({ index, event, attribution }, i) => {
    try {
      rows.push({
        index,
        row: buildLogRow({ event, attribution, customPrices, now, redacted: redactions[i] }),
        overrideId: event.budgetOverrideId,
      })
    } catch (error) {
      // Whatever one event's values break while building its row, the others are still stored.
      results[index] = {
        index,
        status: 'rejected',
        reason: 'INVALID_INPUT',
        error: `could not be stored: ${(error as Error).message}`,
      }
    }
  })

  try {
    await insertRows(db, identity.organizationId, rows, results, now)
  } catch (batchError) {
    if (!isDataError(batchError)) throw batchError
    for (const one of rows) {
      try {
        await insertRows(db, identity.organizationId, [one], results, now)
      } catch (error) {
        if (!isDataError(error)) throw error
        results[one.index] = {
          index: one.index,
          status: 'rejected',
          reason: 'INVALID_INPUT',
          error: `could not be stored: ${databaseMessage(error)}`,
        }
      }
    }
  }
  return results
}

/** Postgres refused the row's values (class 22 data exception, class 23 constraint violation). */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}

/** The database's own words, without the SQL knex prefixes to its messages. */
function databaseMessage(error: unknown): string {
  const message = String((error as Error).message)
  const at = message.lastIndexOf(' - ')
  return at === -1 ? message : message.slice(at + 3)
}

interface PendingRow {
  index: number
  row: LogRow
  overrideId: string | undefined
}

async function insertRows(
  db: Db,
  organizationId: number,
  pending: PendingRow[],
  results: EventResult[],
  now: Date,
): Promise<void> {
  if (!pending.length) return
  await db.transaction(async (trx) => {
    const inserted: Array<{
      id: number
      idempotency_key: string | null
      cost: string | null
      cost_source: string | null
    }> = await trx
      .raw(
        `? on conflict (organization_id, idempotency_key) where idempotency_key is not null do nothing
         returning id, idempotency_key, cost, cost_source`,
        [trx('ai_usage_logs').insert(pending.map((r) => r.row))],
      )
      .then((r: { rows: never[] }) => r.rows)

    // Rows come back in insert order minus the skipped duplicates; match them up by key.
    const byKey = new Map(inserted.filter((r) => r.idempotency_key).map((r) => [r.idempotency_key, r]))
    const unkeyed = inserted.filter((r) => !r.idempotency_key)
    const claimedKeys = new Set<string>()
    const duplicates: Array<{ index: number; key: string }> = []
    for (const { index, row } of pending) {
      const key = row.idempotency_key
      const stored = key ? (claimedKeys.has(key) ? undefined : byKey.get(key)) : unkeyed.shift()
      if (stored) {
        if (key) claimedKeys.add(key)
        results[index] = {
          index,
          status: 'stored',
          id: stored.id,
          cost: trimUsd(stored.cost),
          priced: stored.cost_source != null,
        }
      } else if (key) {
        duplicates.push({ index, key })
      }
    }
    if (duplicates.length) {
      const existing = await trx('ai_usage_logs')
        .where({ organization_id: organizationId })
        .whereIn('idempotency_key', [...new Set(duplicates.map((d) => d.key))])
        .select('id', 'idempotency_key', 'cost', 'cost_source')
      const existingByKey = new Map(existing.map((r) => [r.idempotency_key, r]))
      for (const { index, key } of duplicates) {
        const row = existingByKey.get(key)
        results[index] = row
          ? {
              index,
              status: 'duplicate',
              id: row.id,
              cost: trimUsd(row.cost),
              priced: row.cost_source != null,
            }
          : { index, status: 'rejected', reason: 'INVALID_INPUT', error: 'duplicate idempotency key' }
      }
    }
    const storedIds = new Set(inserted.map((r) => r.id))
    const storedRows = pending.flatMap((pendingRow) => {
      const result = results[pendingRow.index]
      return result?.status === 'stored' && storedIds.has(result.id) ? [{ ...pendingRow, result }] : []
    })

    // A call made under a confirmed override uses it up here, in the log's transaction, and only
    // once its row is stored: a duplicate of a stored call leaves the override it carries unused.
    for (const { row, overrideId, result } of storedRows) {
      if (!overrideId) continue
      const applied = await applyOverrideToLog(trx, {
        logId: result.id,
        overrideId,
        organizationId,
        userId: row.user_id,
        now,
      })
      if (!applied.ok) result.overrideRejected = applied.reason
    }

    await addToBudgetCounters(
      trx,
      organizationId,
      storedRows.map(({ row }) => ({ userId: row.user_id, cost: row.cost, createdAt: row.created_at })),
    )
  })
}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
}
