import { type ModelObject, UniqueViolationError } from 'objection'
import type { Db } from '../knex'
import { ModelPrice } from '../models/model-price'
import { sharedCustomPriceCache } from './custom-price-cache'

/** A custom or negotiated price (dollars per million tokens, numeric strings) from its start on. */
export interface CustomPrice {
  id: number
  provider: string
  model: string
  inputMtok: string
  outputMtok: string
  cacheReadMtok: string | null
  cacheWriteMtok: string | null
  reasoningMtok: string | null
  effectiveFrom: Date
  notes: string | null
}

export type CustomPriceFields = Omit<CustomPrice, 'id'>

/** `in effect`: the newest started price of its model; `scheduled`: starts later; else `superseded`. */
export type CustomPriceStatus = 'scheduled' | 'in effect' | 'superseded'

const COLUMNS = [
  'id',
  'provider',
  'model',
  'input_mtok',
  'output_mtok',
  'cache_read_mtok',
  'cache_write_mtok',
  'reasoning_mtok',
  'effective_from',
  'notes',
] as const

type PriceRow = Pick<ModelObject<ModelPrice>, (typeof COLUMNS)[number]>

/** Every custom price, by provider and model, newest start first, each with its status at `now`. */
export async function listCustomPrices(
  db: Db,
  now: Date,
): Promise<Array<CustomPrice & { status: CustomPriceStatus }>> {
  const rows = await ModelPrice.query(db)
    .select(COLUMNS)
    .orderBy([{ column: 'provider' }, { column: 'model' }, { column: 'effective_from', order: 'desc' }])
  const current = new Set<string>()
  return rows.map((row) => {
    const key = `${row.provider}\u0000${row.model}`
    let status: CustomPriceStatus = 'superseded'
    if (row.effective_from.getTime() > now.getTime()) status = 'scheduled'
    else if (!current.has(key)) {
      current.add(key)
      status = 'in effect'
    }
    return { ...toCustomPrice(row), status }
  })
}

export async function findCustomPrice(db: Db, id: number): Promise<CustomPrice | null> {
  if (!Number.isSafeInteger(id)) return null
  const row = await ModelPrice.query(db).findById(id).select(COLUMNS)
  return row ? toCustomPrice(row) : null
}

export type SaveCustomPriceResult =
  | { ok: true; id: number }
  | { ok: false; problem: 'not_found' | 'duplicate_start' }

/**
 * Inserts a price, or updates the one with `id`. A second price for the same model starting at the
 * same moment is `duplicate_start` (the unique constraint), not a database error.
 */
export async function saveCustomPrice(
  db: Db,
  fields: CustomPriceFields,
  id?: number,
): Promise<SaveCustomPriceResult> {
  const row = {
    provider: fields.provider,
    model: fields.model,
    input_mtok: fields.inputMtok,
    output_mtok: fields.outputMtok,
    cache_read_mtok: fields.cacheReadMtok,
    cache_write_mtok: fields.cacheWriteMtok,
    reasoning_mtok: fields.reasoningMtok,
    effective_from: fields.effectiveFrom,
    notes: fields.notes,
  }
  try {
    if (id == null) {
      const saved = await ModelPrice.query(db).insert(row).returning('id')
      sharedCustomPriceCache.invalidate()
      return { ok: true, id: saved.id }
    }
    const updated = await ModelPrice.query(db)
      .findById(id)
      .patch({ ...row, updated_at: db.fn.now() })
    // The write path of this process prices with it from its next batch on.
    sharedCustomPriceCache.invalidate()
    return updated > 0 ? { ok: true, id } : { ok: false, problem: 'not_found' }
  } catch (error) {
    // objection wraps the driver's error; 23505 arrives as its UniqueViolationError.
    if (error instanceof UniqueViolationError) return { ok: false, problem: 'duplicate_start' }
    throw error
  }
}

function toCustomPrice(row: PriceRow): CustomPrice {
  return {
    id: row.id,
    provider: row.provider,
    model: row.model,
    inputMtok: row.input_mtok,
    outputMtok: row.output_mtok,
    cacheReadMtok: row.cache_read_mtok,
    cacheWriteMtok: row.cache_write_mtok,
    reasoningMtok: row.reasoning_mtok,
    effectiveFrom: row.effective_from,
    notes: row.notes,
  }
}
