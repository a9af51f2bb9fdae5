import type { EventRejection, EventResult } from '@tokenledger/contract'
import {
  type CatalogMemo,
  type CustomPrice,
  createCatalogMemo,
  type RedactedEvent,
  trimUsd,
  type UsageEvent,
} from '@tokenledger/domain'
import type { Knex } from 'knex'
import { addToBudgetCounters } from '../budgets/add-to-budget-counters'
import { applyOverrideToLog } from '../budgets/overrides'
import { releaseReservations } from '../budgets/reservations'
import { resolveExternalRefs } from '../directory/resolve-external-refs'
import type { Db } from '../knex'
import { sharedCustomPriceCache } from '../prices/custom-price-cache'
import { sharedAttributionCache } from './attribution-cache'
import { buildLogRow, type LogRow, type ResolvedAttribution } from './build-log-row'
import { checkAttribution, type UsageIdentity } from './check-attribution'
import { findByIdempotencyKeys } from './claim-idempotency-keys'
import { type InsertedLog, insertLogRows } from './insert-log-rows'
import { redactInChunks } from './redact-in-chunks'
import { type RedactTexts, redactInThisThread } from './redact-texts'
import { storableText } from './storable-text'

export interface StoreOptions {
  /** Where the events' texts are redacted; the api passes its worker pool. Default: this thread. */
  redactTexts?: RedactTexts
}

/**
 * The one way usage events are stored, for every caller (the api, the gateway, ingest). Takes
 * events already parsed with the contract's schema (they are not parsed again) and answers one
 * result per event, in their order (`index` is the position in `events`):
 * 1. NUL and lone surrogates → U+FFFD, before any query sees the event (`storableText`);
 * 2. every free-text field handed to `redactTexts` (a large batch in up to four chunks,
 *    `redactInChunks`); while it is redacted: custom prices for the batch's models (cached briefly,
 *    `sharedCustomPriceCache`), the numeric ids the events name checked against the organization
 *    (cached briefly, `AttributionCache`), then the transaction opened; each chunk is written as
 *    its redaction completes;
 * 3. one transaction: the app's own ids (`user`/`project`/`document`) resolved, unknown ones
 *    created in the organization (race-free, see resolveExternalRefs); attribution: every user,
 *    project and document named must belong to the organization — an event that fails is rejected
 *    alone; the row built by `buildLogRow` over domain's `prepareUsageEvent` (priced with the raw
 *    model, stored redacted and truncated); log ids drawn, idempotency keys claimed and the rows
 *    inserted in one statement (`insertLogRows`), the duplicate lookup by idempotency key, override
 *    consumption and the budget counter increments.
 * An event is never half-stored: if the batch fails for its data, the events are retried one by
 * one (each in its own transaction) so one bad row cannot sink the others. Only a row the
 * database refuses for its data is
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
  const clean = events.map((event) => storableText(event))

  // The texts go to the redaction pool first; the prices query (when the cache lacks a model), the
  // attribution check, BEGIN and the external ids' resolution then run while they are redacted,
  // and each chunk is written once its redaction is done. The transaction is open while the pool
  // works (on the first chunk too: its BEGIN round trip and queries are then off the batch's path).
  const chunks = redactInChunks(clean, options.redactTexts ?? redactInThisThread)
  const customPrices = await sharedCustomPriceCache.pricesFor(db, clean)
  const candidates: Candidate[] = chunks.flatMap((chunk, n) =>
    clean.slice(chunk.start, chunk.end).map((event, i) => ({
      index: chunk.start + i,
      event,
      chunk: n,
      redacted: () => chunk.redacted.then((all) => all[i] as RedactedEvent),
    })),
  )
  const pricing = { customPrices, catalogMemo: createCatalogMemo() }
  const store = (some: Candidate[]) => attributeAndInsert(db, identity, some, pricing, results, now)

  try {
    await store(candidates)
  } catch (batchError) {
    if (!isDataError(batchError)) throw batchError
    // Each event alone, its users/projects/documents created with it or not at all; checked
    // afresh, since a project or document deleted since it was cached fails its foreign key.
    sharedAttributionCache.forget(db, identity.organizationId)
    for (const one of candidates) {
      try {
        await store([one])
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

interface Candidate {
  index: number
  event: UsageEvent
  /** Which redaction chunk the event is in: the rows of one chunk are inserted together. */
  chunk: number
  /** Its redaction, once its chunk's is done (a function: a failed chunk nobody waits for stays silent). */
  redacted: () => Promise<RedactedEvent>
}

/**
 * The numeric ids checked first (one of another organization is refused before anything is
 * created for its event); then, in the log rows' transaction, the app's own ids of the events
 * naming some turned into numeric ids (unknown ones created in the organization) and those events'
 * attribution checked again with them (a document and a project that do not match), the rows
 * built and inserted chunk by chunk, as their redaction completes. An event refused
 * after its refs were resolved makes the transaction start over without it, so no user, project
 * or document is ever created for an event that is not stored.
 */
async function attributeAndInsert(
  db: Db,
  identity: UsageIdentity,
  candidates: Candidate[],
  /** The batch's custom prices, and its catalog look-ups: each model is matched once per batch. */
  pricing: { customPrices: CustomPrice[]; catalogMemo: CatalogMemo },
  results: EventResult[],
  now: Date,
): Promise<void> {
  const refuse = (index: number, message: string | undefined) => {
    results[index] = rejected(index, 'ATTRIBUTION_INVALID', message ?? 'attribution failed')
  }
  const numeric = await checkAttribution(db, identity, candidates.map(numericClaim), sharedAttributionCache)
  // An event without refs is attributed by this check alone, as before there were refs.
  const checked = new Map<Candidate, ResolvedAttribution>()
  let pending = candidates.filter((c, i) => {
    const check = numeric[i]
    if (check?.ok) checked.set(c, check.attribution)
    else refuse(c.index, check?.message)
    return check?.ok
  })
  for (;;) {
    const refusedLate = await db
      .transaction(async (trx) => {
        const attributions = new Map(checked)
        const named = pending.filter((c) => hasRefs(c.event))
        if (named.length) {
          const resolved = await resolveExternalRefs(
            trx,
            identity.organizationId,
            named.map((c) => c.event),
          )
          const claims = named.flatMap((candidate, i) => {
            const refs = resolved[i]
            if (refs?.ok) return [{ candidate, claim: refs }]
            // resolveExternalRefs wrote nothing for it.
            refuse(candidate.index, refs?.message)
            attributions.delete(candidate)
            return []
          })
          const checks = await checkAttribution(
            trx,
            identity,
            claims.map((c) => c.claim),
          )
          const late = claims.filter((_, i) => !checks[i]?.ok)
          if (late.length) {
            for (const { candidate } of late) {
              const check = checks[claims.findIndex((c) => c.candidate === candidate)]
              refuse(candidate.index, check && !check.ok ? check.message : undefined)
            }
            // Rolls back whatever was created for them; the rest is written on the next pass.
            throw new StartOver(new Set(late.map((c) => c.candidate)))
          }
          claims.forEach(({ candidate }, i) => {
            const check = checks[i]
            if (check?.ok) attributions.set(candidate, check.attribution)
          })
        }
        const written: WrittenRow[] = []
        // One chunk's insert stays in flight while the next chunk's rows are built.
        let inFlight: Promise<void> = Promise.resolve()
        for (const group of byChunk(pending)) {
          const redactions = await Promise.all(group.map((c) => c.redacted()))
          const rows: PendingRow[] = []
          group.forEach((candidate, i) => {
            const attribution = attributions.get(candidate)
            if (!attribution) return
            const { index, event } = candidate
            try {
              const row = buildLogRow({ event, attribution, ...pricing, now, redacted: redactions[i] })
              rows.push({
                index,
                row,
                overrideId: event.budgetOverrideId,
                reservationId: event.budgetReservationId,
              })
            } catch (error) {
              // Whatever one event's values break while building its row, the others are still stored.
              results[index] = rejected(
                index,
                'INVALID_INPUT',
                `could not be stored: ${(error as Error).message}`,
              )
            }
          })
          await inFlight
          if (!rows.length) continue
          // A row whose key was already claimed is not inserted (null), answered as a duplicate.
          inFlight = insertLogRows(
            trx,
            identity.organizationId,
            rows.map((r) => r.row),
          ).then((inserted) => {
            written.push(...rows.map((row, i) => ({ ...row, inserted: inserted[i] ?? null })))
          })
          // Awaited above or below; until then a failure must not count as unhandled.
          inFlight.catch(() => {})
        }
        await inFlight
        await finishRows(trx, identity.organizationId, written, results, now)
        return null
      })
      .catch((error: unknown) => {
        if (error instanceof StartOver) return error.without
        throw error
      })
    if (!refusedLate) return
    pending = pending.filter((c) => !refusedLate.has(c))
  }
}

class StartOver extends Error {
  constructor(readonly without: Set<Candidate>) {
    super('start the transaction over without the refused events')
  }
}

/** Consecutive candidates of the same redaction chunk. */
function byChunk(candidates: Candidate[]): Candidate[][] {
  const groups: Candidate[][] = []
  for (const candidate of candidates) {
    const last = groups.at(-1)
    if (last && last[0]?.chunk === candidate.chunk) last.push(candidate)
    else groups.push([candidate])
  }
  return groups
}

function hasRefs(event: UsageEvent): boolean {
  return event.user != null || event.project != null || event.document != null
}

/** What an event names by numeric id alone, checkable before anything is created. */
function numericClaim({ event }: Candidate) {
  return { userId: event.userId, projectId: event.projectId, documentId: event.documentId }
}

interface PendingRow {
  index: number
  row: LogRow
  overrideId: string | undefined
  reservationId: string | undefined
}

interface WrittenRow extends PendingRow {
  inserted: InsertedLog | null
}

/** The written rows' results, duplicates, overrides and budget increments, in the rows' transaction. */
async function finishRows(
  trx: Knex.Transaction,
  organizationId: number,
  written: WrittenRow[],
  results: EventResult[],
  now: Date,
): Promise<void> {
  if (!written.length) return
  const storedRows: Array<PendingRow & { result: EventResult & { status: 'stored' } }> = []
  const duplicates: Array<{ index: number; key: string }> = []
  for (const { inserted: stored, ...pendingRow } of written) {
    const { index, row } = pendingRow
    if (stored) {
      const result = {
        index,
        status: 'stored' as const,
        id: stored.id,
        cost: trimUsd(stored.cost),
        priced: stored.cost_source != null,
      }
      results[index] = result
      storedRows.push({ ...pendingRow, result })
    } else if (row.idempotency_key) {
      duplicates.push({ index, key: row.idempotency_key })
    }
  }
  if (duplicates.length) {
    const existingByKey = await findByIdempotencyKeys(
      trx,
      organizationId,
      duplicates.map((d) => d.key),
    )
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

  // A call made under a confirmed override uses it up here, in the log's transaction, and only
  // once its row is stored: a duplicate of a stored call leaves the override it carries unused.
  for (const { row, overrideId, result } of storedRows) {
    if (!overrideId) continue
    const applied = await applyOverrideToLog(trx, {
      logId: result.id,
      createdAt: row.created_at,
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
    // Written rows mean insertLogRows ran in this transaction, and it takes the counter lock.
    { counterLockHeld: true },
  )
  // A call logged (or already logged: a retried duplicate) no longer holds its reservation: it
  // goes in the transaction its cost is counted in, so no check ever sees both or neither.
  await releaseReservations(
    trx,
    organizationId,
    written.flatMap(({ index, reservationId }) =>
      reservationId && results[index]?.status !== 'rejected' ? [reservationId] : [],
    ),
  )
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
