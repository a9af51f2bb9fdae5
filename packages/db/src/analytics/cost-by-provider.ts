import { sumUsd, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import type { AnalyticsScope } from './dashboard-window'
import { monthSpend } from './month-spend'
import { withoutParallelWorkers } from './serial-read'
import { withShares } from './share'

export interface ProviderCost {
  provider: string
  cost: Usd
  requests: number
  /** Percent of this month's cost, one decimal. */
  share: number
}

/** This month's cost per provider, largest first (the dashboard's provider pie). */
export async function getCostByProvider(db: Db, scope: AnalyticsScope): Promise<ProviderCost[]> {
  const rows = await withoutParallelWorkers(db, (trx) =>
    trx
      .from(monthSpend(trx, scope, ['provider']).as('s'))
      .select('provider')
      .select(db.raw('sum(cost) as cost'), db.raw('sum(requests)::bigint as requests'))
      .groupBy('provider')
      .orderByRaw('sum(cost) desc, provider'),
  )
  return withShares(
    rows.map((r) => ({ provider: r.provider, cost: sumUsd([r.cost]), requests: Number(r.requests) })),
  )
}
