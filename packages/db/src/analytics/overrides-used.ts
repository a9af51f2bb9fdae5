import type { Usd } from '@tokenledger/domain'
import { utcMonthFirstDay } from '@tokenledger/domain'
import type { Db } from '../knex'
import { type AnalyticsScope, dashboardWindow } from './dashboard-window'
import { whereOrganization } from './scope'

export interface UsedOverride {
  id: string
  organizationId: number
  organizationName: string
  userId: number
  userName: string | null
  userEmail: string | null
  userExternalId: string | null
  estimatedCost: Usd | null
  decidedAt: Date | null
  usedAt: Date
}

export interface OverridesUsed {
  /** Overrides consumed by a logged call this month (UTC). */
  count: number
  /** The latest of them, newest first. */
  recent: UsedOverride[]
}

interface UsedOverrideRow {
  id: string
  organization_id: number
  organization_name: string
  user_id: number
  user_name: string | null
  user_email: string | null
  user_external_id: string | null
  estimated_cost: Usd | null
  decided_at: Date | null
  used_at: Date
}

/** Budget overrides end users confirmed and a call then used, this month. */
export async function getOverridesUsed(
  db: Db,
  scope: AnalyticsScope & { limit?: number },
): Promise<OverridesUsed> {
  const since = new Date(`${utcMonthFirstDay(dashboardWindow(scope.now).today)}T00:00:00.000Z`)
  const base = () =>
    whereOrganization(
      db('budget_overrides as bo').where('bo.status', 'used').where('bo.used_at', '>=', since),
      scope.organizationId,
      'bo.organization_id',
    )
  const [counted, recent] = await Promise.all([
    base().first(db.raw('count(*)::bigint as count')),
    base()
      .join('organizations as o', 'o.id', 'bo.organization_id')
      .join('users as u', 'u.id', 'bo.user_id')
      .select(
        'bo.id',
        'bo.organization_id',
        'o.name as organization_name',
        'bo.user_id',
        'u.name as user_name',
        'u.email as user_email',
        'u.external_id as user_external_id',
        'bo.estimated_cost',
        'bo.decided_at',
        'bo.used_at',
      )
      .orderBy([{ column: 'bo.used_at', order: 'desc' }, { column: 'bo.id' }])
      .limit(scope.limit ?? 5),
  ])
  return {
    count: Number(counted?.count ?? 0),
    recent: recent.map((r: UsedOverrideRow) => ({
      id: r.id,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      userId: r.user_id,
      userName: r.user_name,
      userEmail: r.user_email,
      userExternalId: r.user_external_id,
      estimatedCost: r.estimated_cost,
      decidedAt: r.decided_at,
      usedAt: r.used_at,
    })),
  }
}
