import { isCalendarDay } from '@tokenledger/domain'

export interface RepriceFields {
  model: string
  from: string
  onlyUnpriced: boolean
}

export type ReadRepriceForm = { ok: true; fields: RepriceFields } | { ok: false; error: string }

/**
 * The "reprice the N calls since …" button's form: a model, the first UTC day, and whether only
 * unpriced calls are repriced. The last day is always today (the run covers up to now).
 */
export function readRepriceForm(form: FormData, today: string): ReadRepriceForm {
  const model = String(form.get('model') ?? '').trim()
  const from = String(form.get('from') ?? '')
  if (!model) return { ok: false, error: 'Which model to reprice is missing.' }
  if (!isCalendarDay(from)) return { ok: false, error: `"${from}" is not a day written YYYY-MM-DD.` }
  if (from > today) return { ok: false, error: `${from} is in the future: there is nothing to reprice yet.` }
  return { ok: true, fields: { model, from, onlyUnpriced: form.get('onlyUnpriced') === '1' } }
}
