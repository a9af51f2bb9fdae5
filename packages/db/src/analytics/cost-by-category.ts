import { type Category, categoryLabel, sumUsd, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import type { AnalyticsScope } from './dashboard-window'
import { monthSpend } from './month-spend'
import { withoutParallelWorkers } from './serial-read'
import { withShares } from './share'

export interface CategoryCost {
  category: Category
  /** The category's human label, e.g. "Estimate analysis". */
  label: string
  cost: Usd
  requests: number
  /** Percent of this month's cost, one decimal. */
  share: number
}

/** This month's cost per category, largest first (the dashboard's category pie). */
export async function getCostByCategory(db: Db, scope: AnalyticsScope): Promise<CategoryCost[]> {
  const rows = await withoutParallelWorkers(db, (trx) =>
    trx
      .from(monthSpend(trx, scope, ['category']).as('s'))
      .select('category')
      .select(db.raw('sum(cost) as cost'), db.raw('sum(requests)::bigint as requests'))
      .groupBy('category')
      .orderByRaw('sum(cost) desc, category'),
  )
  return withShares(
    rows.map((r) => ({
      category: r.category as Category,
      label: categoryLabel(r.category as Category) ?? r.category,
      cost: sumUsd([r.cost]),
      requests: Number(r.requests),
    })),
  )
}
