import { loadCatalogCache, loadCustomPrices, pricesUrl } from '@tokenledger/db'
import { isCalendarDay, priceCall, pricedTokensProblem } from '@tokenledger/domain'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'

const TOKEN_OPTIONS = {
  'input-tokens': 'promptTokens',
  'output-tokens': 'completionTokens',
  'cached-input-tokens': 'cachedTokens',
  'cache-write-tokens': 'cacheWriteTokens',
  'cache-write-1h-tokens': 'cacheWrite1hTokens',
  'reasoning-tokens': 'reasoningTokens',
  'web-search-requests': 'webSearchRequests',
} as const

export const cost: Command = {
  name: 'cost',
  summary: 'price one call with the catalog and custom prices',
  help: `tokenledger cost --provider P --model M --input-tokens N --output-tokens N
                 [--cached-input-tokens N] [--cache-write-tokens N] [--cache-write-1h-tokens N]
                 [--reasoning-tokens N] [--web-search-requests N] [--at ISO-TIME]

  Prints {"cost": "<decimal USD>", "priced": true|false, "source": "catalog|custom", "prices": {…}}.
  The cost is exact (up to twelve decimals, trailing zeros trimmed: "0.00000165").
  Input tokens include cached and cache-write tokens; cache-write tokens include the 1-hour cache
  writes; output tokens include reasoning tokens. Web searches are priced per request where the
  catalog has a price.
  Custom prices (model_prices) effective at --at (default now) win over the catalog (the copy the
  worker last refreshed, else the bundled one). An unknown
  model prints cost null and priced false.`,
  options: {
    provider: { type: 'string' },
    model: { type: 'string' },
    at: { type: 'string' },
    ...Object.fromEntries(Object.keys(TOKEN_OPTIONS).map((name) => [name, { type: 'string' as const }])),
  },
  async run({ values }) {
    const provider = requiredString(values.provider, '--provider')
    const model = requiredString(values.model, '--model')
    const at = values.at === undefined ? new Date() : parseInstant(String(values.at))
    const usage = { promptTokens: 0, completionTokens: 0 } as Record<
      (typeof TOKEN_OPTIONS)[keyof typeof TOKEN_OPTIONS],
      number
    >
    for (const [option, field] of Object.entries(TOKEN_OPTIONS)) {
      const raw = values[option]
      if (raw === undefined) {
        if (option === 'input-tokens' || option === 'output-tokens')
          throw new UsageError(`--${option} is required`)
        continue
      }
      if (typeof raw !== 'string' || !/^\d+$/.test(raw))
        throw new UsageError(`--${option} must be a whole number, got "${raw}"`)
      usage[field] = Number(raw)
    }
    const problem = pricedTokensProblem(usage)
    if (problem) throw new UsageError(problem)

    // The catalog as the worker last refreshed it (TOKENLEDGER_PRICES_URL=off: the bundled one).
    if (refreshing()) await loadCatalogCache()
    const customPrices = await withDatabase((db) =>
      loadCustomPrices(db, [{ provider: provider.toLowerCase(), model }]),
    )
    const priced = priceCall({ provider: provider.toLowerCase(), model, usage, at, customPrices })
    console.log(
      JSON.stringify({
        cost: priced.cost,
        priced: priced.cost !== null,
        source: priced.source,
        prices: priced.prices,
      }),
    )
  },
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

/** An ISO 8601 date or date-time on a real calendar day (`new Date` would roll 2026-02-30 over). */
function parseInstant(value: string): Date {
  const match = ISO_INSTANT.exec(value)
  const at = new Date(value)
  if (!match?.[1] || !isCalendarDay(match[1]) || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--at must be an ISO date or date-time with a zone, e.g. 2026-06-01T12:00:00Z, got "${value}"`,
    )
  }
  return at
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(`${name} is required`)
  return value.trim()
}

function refreshing(): boolean {
  try {
    return pricesUrl() !== null
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}
