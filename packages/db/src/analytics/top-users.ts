import { sumUsd, type Usd } from '@tokenledger/domain'
import type { Db } from '../knex'
import type { AnalyticsScope } from './dashboard-window'
import { monthSpend } from './month-spend'
import { withoutParallelWorkers } from './serial-read'

export interface UserSpend {
  userId: number
  /** An app's user may have neither name nor email, only its external id. */
  name: string | null
  email: string | null
  externalId: string | null
  /** The organizations the spend was made in, by name. */
  organizations: string[]
  cost: Usd
  requests: number
}

/** The users who spent most this month (today live), largest first; calls without a user are left out. */
export async function getTopUsers(db: Db, scope: AnalyticsScope & { limit?: number }): Promise<UserSpend[]> {
  const rows = await withoutParallelWorkers(db, (trx) =>
    trx
      .from(monthSpend(trx, scope, ['organization_id', 'user_id']).as('s'))
      .join('users as u', 'u.id', 's.user_id')
      .leftJoin('organizations as o', 'o.id', 's.organization_id')
      .select('u.id', 'u.name', 'u.email', 'u.external_id')
      .select(
        db.raw('sum(s.cost) as cost'),
        db.raw('sum(s.requests)::bigint as requests'),
        db.raw('array_remove(array_agg(distinct o.name), null) as organizations'),
      )
      .groupBy('u.id')
      .orderByRaw('sum(s.cost) desc, u.id')
      .limit(scope.limit ?? 10),
  )
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    externalId: r.external_id,
    organizations: r.organizations,
    cost: sumUsd([r.cost]),
    requests: Number(r.requests),
  }))
}
