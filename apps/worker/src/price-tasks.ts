import { catalogCacheFile, pricesUrl, refreshCatalog } from '@tokenledger/db'
import type { Task, TaskList } from 'graphile-worker'

export const PRICE_TASK_NAMES = {
  refresh: 'prices:refresh',
} as const

/**
 * Every six hours (genai-prices' data changes a few times a week), and once when a worker starts.
 * One attempt: a failed download is logged, the catalog in use stays, the next run tries again.
 */
export const PRICE_CRONTAB = `
17 */6 * * * ${PRICE_TASK_NAMES.refresh} ?max=1&jobKey=${PRICE_TASK_NAMES.refresh}
`

export interface PriceTaskContext {
  /** The price file (default `TOKENLEDGER_PRICES_URL`, else genai-prices' own URL); null: refresh off. */
  url?: string | null
  /** The last good copy (default under `TOKENLEDGER_HOME/prices/`). */
  file?: string
  log: (line: string) => void
}

/** Resolved once, so a bad `TOKENLEDGER_PRICES_URL` stops the worker at start with its message. */
export function priceSettings(context: Pick<PriceTaskContext, 'url' | 'file'>): {
  url: string | null
  file: string
} {
  return {
    url: context.url === undefined ? pricesUrl() : context.url,
    file: context.file ?? catalogCacheFile(),
  }
}

export function createPriceTaskList(context: PriceTaskContext): TaskList {
  const { url, file } = priceSettings(context)
  const refresh: Task = async () => {
    const result = await refreshCatalog({ url, file })
    if (result.status === 'updated')
      context.log(
        `${PRICE_TASK_NAMES.refresh}: ${result.providers} providers (${result.bytes} bytes) from ${url} in ${result.durationMs} ms`,
      )
    else if (result.status === 'failed')
      context.log(`${PRICE_TASK_NAMES.refresh}: ${result.error}; pricing with the ${result.using}`)
  }
  return { [PRICE_TASK_NAMES.refresh]: refresh }
}
