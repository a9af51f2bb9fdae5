import { loadCatalogCache, pricesUrl, repriceUsage } from '@tokenledger/db'
import { isCalendarDay, utcDay } from '@tokenledger/domain'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'
import { createProgress, formatDuration, type Progress } from '../progress'

const CHUNK = 2000

export const repriceCommand: Command = {
  name: 'reprice',
  summary: 'recompute stored costs from the prices effective at each call (after a price change)',
  help: `tokenledger reprice --from=YYYY-MM-DD --to=YYYY-MM-DD [--model M] [--only-unpriced] [--dry-run]

  Recomputes the cost of every call in the UTC days --from .. --to (both included) from the prices
  effective at the call's time: the newest custom price (model_prices) first, then the catalog
  (the last copy the worker refreshed, else the bundled one). Costs the caller supplied are never
  changed. Works in chunks of ${CHUNK} calls, one transaction each: the calls, the daily and monthly
  rollups of their days and, for calls of the current month, the budget counters change together.

  --model          only this model's calls
  --only-unpriced  only calls stored without a cost (a model the catalog did not know then)
  --dry-run        print what would change, change nothing

  Progress on stderr (a bar on a terminal, one line per chunk otherwise); the summary on stdout.`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    model: { type: 'string' },
    'only-unpriced': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  },
  async run({ values }) {
    const from = day(values.from, '--from')
    const to = day(values.to, '--to')
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`)
    if (values.model !== undefined && (typeof values.model !== 'string' || !values.model.trim()))
      throw new UsageError('--model needs a model name')
    const dryRun = values['dry-run'] === true
    let url: string | null
    try {
      url = pricesUrl()
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
    if (url !== null) await loadCatalogCache()
    return withDatabase(async (db) => {
      const startedAt = performance.now()
      let progress: Progress | null = null
      const result = await repriceUsage(db, {
        from,
        to,
        model: values.model as string | undefined,
        onlyUnpriced: values['only-unpriced'] === true,
        dryRun,
        chunkSize: CHUNK,
        onProgress: ({ done, total, changed }) => {
          progress ??= createProgress(Math.max(1, Math.ceil(total / CHUNK)))
          progress.step(`${done}/${total} calls`, `${changed} changed`)
        },
      })
      ;(progress as Progress | null)?.finish()
      const verb = dryRun ? 'would change' : 'changed'
      console.log(
        `${dryRun ? 'dry run: ' : ''}reprice ${from} .. ${to}${values.model ? ` (model ${values.model})` : ''}: ` +
          `${result.scanned} calls, ${verb} ${result.changed} (${result.newlyPriced} newly priced, ${result.stillUnpriced} still unpriced); ` +
          `cost ${result.costBefore} -> ${result.costAfter}; ` +
          `${dryRun ? 'would rebuild' : 'rebuilt'} ${result.days.length} days of rollups; ${formatDuration(performance.now() - startedAt)}`,
      )
      return 0
    })
  },
}

function day(value: string | boolean | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`${name} is required`)
  if (typeof value !== 'string' || !isCalendarDay(value))
    throw new UsageError(`${name} must be a calendar day written YYYY-MM-DD, got "${value}"`)
  const today = utcDay(new Date())
  if (value > today) throw new UsageError(`${name} ${value} is in the future (today is ${today} UTC)`)
  return value
}
