import type { Db } from '@tokenledger/db'

export const PRICE_FIELDS = [
  ['inputMtok', 'input_mtok', 'Input', true],
  ['outputMtok', 'output_mtok', 'Output', true],
  ['cacheReadMtok', 'cache_read_mtok', 'Cache read', false],
  ['cacheWriteMtok', 'cache_write_mtok', 'Cache write', false],
  ['reasoningMtok', 'reasoning_mtok', 'Reasoning', false],
] as const

export type PriceKey = (typeof PRICE_FIELDS)[number][0]

export interface PriceFormValues extends Record<PriceKey, string> {
  provider: string
  model: string
  effectiveFrom: string
  notes: string
}

export type PriceFormErrors = Partial<Record<keyof PriceFormValues | 'form', string>>

export interface PriceRow {
  id: number
  provider: string
  model: string
  input_mtok: string
  output_mtok: string
  cache_read_mtok: string | null
  cache_write_mtok: string | null
  reasoning_mtok: string | null
  effective_from: Date
  notes: string | null
}

/** Every custom price, newest effective first per model, with whether it is the one in effect now. */
export async function listPrices(db: Db, now: Date) {
  const rows: PriceRow[] = await db('model_prices').orderBy([
    { column: 'provider' },
    { column: 'model' },
    { column: 'effective_from', order: 'desc' },
  ])
  const current = new Set<string>()
  return rows.map((row) => {
    const key = `${row.provider}\u0000${row.model}`
    let status: 'scheduled' | 'in effect' | 'superseded' = 'superseded'
    if (row.effective_from.getTime() > now.getTime()) status = 'scheduled'
    else if (!current.has(key)) {
      current.add(key)
      status = 'in effect'
    }
    return { ...row, status }
  })
}

export function priceValues(row?: PriceRow): PriceFormValues {
  return {
    provider: row?.provider ?? '',
    model: row?.model ?? '',
    inputMtok: trimDecimal(row?.input_mtok),
    outputMtok: trimDecimal(row?.output_mtok),
    cacheReadMtok: trimDecimal(row?.cache_read_mtok),
    cacheWriteMtok: trimDecimal(row?.cache_write_mtok),
    reasoningMtok: trimDecimal(row?.reasoning_mtok),
    effectiveFrom: row
      ? row.effective_from.toISOString().slice(0, 16)
      : new Date().toISOString().slice(0, 10),
    notes: row?.notes ?? '',
  }
}

/** Validates the form; on success, the row to write. */
export function readPriceForm(
  form: FormData,
):
  | { ok: true; values: PriceFormValues; row: Omit<PriceRow, 'id'> }
  | { ok: false; values: PriceFormValues; errors: PriceFormErrors } {
  const get = (name: string) => String(form.get(name) ?? '').trim()
  const values = {
    provider: get('provider').toLowerCase(),
    model: get('model'),
    effectiveFrom: get('effectiveFrom'),
    notes: get('notes'),
    ...Object.fromEntries(PRICE_FIELDS.map(([key]) => [key, get(key).replace(/^\$/, '')])),
  } as PriceFormValues
  const errors: PriceFormErrors = {}
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(values.provider))
    errors.provider = 'Enter the provider id, e.g. openai or anthropic (letters, digits, . _ -).'
  if (!values.model || values.model.length > 200) errors.model = 'Enter the model id, e.g. gpt-4o.'
  for (const [key, , label, required] of PRICE_FIELDS) {
    const value = values[key]
    if (!value) {
      if (required) errors[key] = `Enter the ${label.toLowerCase()} price per million tokens.`
    } else if (!/^\d{1,8}(\.\d{1,6})?$/.test(value)) {
      errors[key] = 'Enter dollars per million tokens: 0 or more, at most six decimals.'
    }
  }
  const effectiveFrom = parseEffectiveFrom(values.effectiveFrom)
  if (!effectiveFrom) errors.effectiveFrom = 'Enter a date (YYYY-MM-DD) or a date and time, in UTC.'
  else if (effectiveFrom.getUTCFullYear() < EARLIEST_YEAR)
    errors.effectiveFrom = `Enter a date in ${EARLIEST_YEAR} or later.`
  if (values.notes.length > 500) errors.notes = 'Keep notes under 500 characters.'
  if (Object.keys(errors).length || !effectiveFrom) return { ok: false, values, errors }
  return {
    ok: true,
    values,
    row: {
      provider: values.provider,
      model: values.model,
      input_mtok: values.inputMtok,
      output_mtok: values.outputMtok,
      cache_read_mtok: values.cacheReadMtok || null,
      cache_write_mtok: values.cacheWriteMtok || null,
      reasoning_mtok: values.reasoningMtok || null,
      effective_from: effectiveFrom,
      notes: values.notes || null,
    },
  }
}

/** Inserts or updates; a second price for the same model and start is a field error. */
export async function savePrice(
  db: Db,
  row: Omit<PriceRow, 'id'>,
  id?: number,
): Promise<{ ok: true; id: number } | { ok: false; errors: PriceFormErrors }> {
  try {
    const [saved] = id
      ? await db('model_prices')
          .where({ id })
          .update({ ...row, updated_at: db.fn.now() })
          .returning('id')
      : await db('model_prices').insert(row).returning('id')
    if (!saved) return { ok: false, errors: { form: 'This price no longer exists.' } }
    return { ok: true, id: saved.id }
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      return {
        ok: false,
        errors: { effectiveFrom: 'This model already has a price starting at this moment.' },
      }
    }
    throw error
  }
}

/** No LLM was priced before this: year 0000 is a typo, not a price history. */
const EARLIEST_YEAR = 2000

function parseEffectiveFrom(value: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?)?$/.exec(value)
  if (!match) return null
  const at = new Date(`${match[1]}T${match[2] ?? '00:00'}:00.000Z`)
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== match[1] ? null : at
}

function trimDecimal(value: string | null | undefined): string {
  if (value == null) return ''
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value
}
