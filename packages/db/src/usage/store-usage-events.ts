import type { EventRejection, EventResult } from '@tokenledger/contract'
import { trimUsd, type UsageEvent } from '@tokenledger/domain'
import { addToBudgetCounters } from '../budgets/add-to-budget-counters'
import { applyOverrideToLog } from '../budgets/overrides'
import type { Db } from '../knex'
import { buildLogRow, type LogRow } from './build-log-row'
import { checkAttribution, type UsageIdentity } from './check-attribution'
import { loadCustomPrices } from './load-custom-prices'
import { redactEvents } from './redact-events'
import { type RedactTexts, redactInThisThread } from './redact-texts'
import { withoutNul } from './without-nul'

export interface StoreOptions {
  /** Where the events' texts are redacted; the api passes its worker pool. Default: this thread. */
  redactTexts?: RedactTexts
}

/**
 * The one way usage events are stored, for every caller (the api, the gateway, ingest). Takes
 * events already parsed with the contract's schema (they are not parsed again) and answers one
 * result per event, in their order (`index` is the position in `events`):
 * 1. NUL → U+FFFD, before any query sees the event (Postgres text cannot hold NUL);
 * 2. attribution: every user, project and document named must belong to the organization — an
 *    event that fails is rejected alone;
 * 3. custom prices for the batch's models, redaction of every free-text field (in `redactTexts`),
 *    the row built (priced with the raw model, stored redacted and truncated);
 * 4. one transaction: the multi-row insert with its duplicate lookup by idempotency key, override
 *    consumption and the budget counter increments.
 * An event is never half-stored: if the batch insert fails for its data, the rows are retried one
 * by one so one bad row cannot sink the others. Only a row the database refuses for its data is
 * rejected; any other failure (connection lost, database restarting, a full redaction pool) is
 * thrown, so the caller gets a 5xx and retries the batch (idempotency keys make that safe).
 */
export async function storeUsageEvents(
  db: Db,
  identity: UsageIdentity,
  events: readonly UsageEvent[],
  now: Date,
  options: StoreOptions = {},
): Promise<EventResult[]> {
  const results: EventResult[] = new Array(events.length)
  const clean = events.map((event) => withoutNul(event))

  const attributions = await checkAttribution(db, identity, clean)
  const attributed = clean.flatMap((event, index) => {
    const attribution = attributions[index]
    if (attribution?.ok) return [{ index, event, attribution: attribution.attribution }]
    results[index] = rejected(index, 'ATTRIBUTION_INVALID', attribution?.message ?? 'attribution failed')
    return []
  })

  const customPrices = await loadCustomPrices(db, clean)
  const redactions = await redactEvents(
    attributed.map((a) => a.event),
    options.redactTexts ?? redactInThisThread,
  )
  const rows: PendingRow[] = []
  attributed.forEach(({ index, event, attribution }, i) => {
    try {
      const row = buildLogRow({ event, attribution, customPrices, now, redacted: redactions[i] })
      rows.push({ index, row, overrideId: event.budgetOverrideId })
    } catch (error) {
      // Whatever one event's values break while building its row, the others are still stored.
      results[index] = rejected(index, 'INVALID_INPUT', `could not be stored: ${(error as Error).message}`)
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
        results[one.index] = rejected(
          one.index,
          'INVALID_INPUT',
          `could not be stored: ${databaseMessage(error)}`,
        )
      }
    }
  }
  return results
}

interface PendingRow {
  index: number
  row: LogRow
  overrideId: string | undefined
}

/** The rows, their overrides and their budget increments, in one transaction. */
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
          : rejected(index, 'INVALID_INPUT', 'duplicate idempotency key')
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
      storedRows.map(({ row }) => ({
        userId: row.user_id,
        projectId: row.project_id,
        apiKeyId: row.api_key_id,
        cost: row.cost,
        createdAt: row.created_at,
      })),
    )
  })
}

function rejected(index: number, reason: EventRejection, error: string): EventResult {
  return { index, status: 'rejected', reason, error }
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
