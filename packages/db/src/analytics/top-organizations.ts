import { sumUsd, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import type { AnalyticsScope } from './dashboard-window'
import { monthSpend } from './month-spend'
import { withoutParallelWorkers } from './serial-read'

export interface OrganizationSpend {
  organizationId: number
  name: string
  slug: string
  cost: Usd
  requests: number
}

/** The organizations that spent most this month (today live), largest first. */
export async function getTopOrganizations(
  db: Db,
  scope: AnalyticsScope & { limit?: number },
): Promise<OrganizationSpend[]> {
  const rows = await withoutParallelWorkers(db, (trx) =>
    trx
      .from(monthSpend(trx, scope, ['organization_id']).as('s'))
      .join('organizations as o', 'o.id', 's.organization_id')
      .select('o.id', 'o.name', 'o.slug')
      .select(db.raw('sum(s.cost) as cost'), db.raw('sum(s.requests)::bigint as requests'))
      .groupBy('o.id')
      .orderByRaw('sum(s.cost) desc, o.id')
      .limit(scope.limit ?? 10),
  )
  return rows.map((r) => ({
    organizationId: r.id,
    name: r.name,
    slug: r.slug,
    cost: sumUsd([r.cost]),
    requests: Number(r.requests),
  }))
}
