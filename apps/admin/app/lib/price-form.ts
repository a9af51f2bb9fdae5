import type { CustomPrice, CustomPriceFields, SaveCustomPriceResult } from '@tokenledger/db'

// The admin's price form: what it shows for a stored price and how it reads a submitted one.

/** The per-million-token prices: form name, label, required. */
export const PRICE_FIELDS = [
  ['inputMtok', 'Input', true],
  ['outputMtok', 'Output', true],
  ['cacheReadMtok', 'Cache read', false],
  ['cacheWriteMtok', 'Cache write', false],
  ['reasoningMtok', 'Reasoning', false],
] as const

export type PriceKey = (typeof PRICE_FIELDS)[number][0]

export interface PriceFormValues extends Record<PriceKey, string> {
  provider: string
  model: string
  effectiveFrom: string
  notes: string
}

export type PriceFormErrors = Partial<Record<keyof PriceFormValues | 'form', string>>

/** The form's values for a stored price, or a blank form starting `today` (UTC). */
export function priceValues(price?: CustomPrice, today: Date = new Date()): PriceFormValues {
  return {
    provider: price?.provider ?? '',
    model: price?.model ?? '',
    inputMtok: trimDecimal(price?.inputMtok),
    outputMtok: trimDecimal(price?.outputMtok),
    cacheReadMtok: trimDecimal(price?.cacheReadMtok),
    cacheWriteMtok: trimDecimal(price?.cacheWriteMtok),
    reasoningMtok: trimDecimal(price?.reasoningMtok),
    effectiveFrom: price ? price.effectiveFrom.toISOString().slice(0, 16) : today.toISOString().slice(0, 10),
    notes: price?.notes ?? '',
  }
}

/** Validates the form; on success, the price to save. */
export function readPriceForm(
  form: FormData,
):
  | { ok: true; values: PriceFormValues; fields: CustomPriceFields }
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
  for (const [key, label, required] of PRICE_FIELDS) {
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
    fields: {
      provider: values.provider,
      model: values.model,
      inputMtok: values.inputMtok,
      outputMtok: values.outputMtok,
      cacheReadMtok: values.cacheReadMtok || null,
      cacheWriteMtok: values.cacheWriteMtok || null,
      reasoningMtok: values.reasoningMtok || null,
      effectiveFrom,
      notes: values.notes || null,
    },
  }
}

/** A refused save as the form's errors. */
export function saveErrors(result: Extract<SaveCustomPriceResult, { ok: false }>): PriceFormErrors {
  return result.problem === 'duplicate_start'
    ? { effectiveFrom: 'This model already has a price starting at this moment.' }
    : { form: 'This price no longer exists.' }
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
