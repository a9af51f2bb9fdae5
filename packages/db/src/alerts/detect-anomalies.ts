import type { Usd } from '@tokenledger/domain'
import { addUtcDays } from '@tokenledger/domain'
import type { Db } from '../knex'
import { recordAlerts } from './record-alerts'
import { ANOMALY_WINDOW_DAYS, spendAnomaly } from './spend-anomaly'

/**
 * Records an `anomaly` alert for each organization whose spend on `day` (from the daily rollup)
 * is more than `factor` × the median of its 14 days before. Deduped per organization and day, so
 * re-runs add nothing. Reads only the daily rollup rows of those 15 days.
 */
export async function detectSpendAnomalies(
  db: Db,
  day: string,
  factor: Usd,
): Promise<{ organizations: number; anomalies: number }> {
  const from = addUtcDays(day, -ANOMALY_WINDOW_DAYS)
  const { rows } = await db.raw(
    `select organization_id, date::text as day, sum(total_cost)::text as cost
     from ai_usage_daily
     where date >= ? and date <= ?
       and organization_id in (select organization_id from ai_usage_daily where date = ? and total_cost > 0)
     group by organization_id, date`,
    [from, day, day],
  )
  const byOrg = new Map<number, Map<string, Usd>>()
  for (const r of rows as Array<{ organization_id: number; day: string; cost: Usd }>) {
    const days = byOrg.get(r.organization_id) ?? new Map<string, Usd>()
    days.set(r.day, r.cost)
    byOrg.set(r.organization_id, days)
  }
  const trailingDays = Array.from({ length: ANOMALY_WINDOW_DAYS }, (_, i) => addUtcDays(from, i))
  const alerts = []
  for (const [organizationId, days] of byOrg) {
    const cost = days.get(day) ?? '0'
    const verdict = spendAnomaly({ cost, trailing: trailingDays.map((d) => days.get(d) ?? '0'), factor })
    if (!verdict.anomaly) continue
    alerts.push({
      organizationId,
      budgetId: null,
      userId: null,
      kind: 'anomaly' as const,
      periodStart: day,
      details: { day, cost, median: verdict.median, ratio: verdict.ratio, factor },
    })
  }
  const recorded = await recordAlerts(db, alerts)
  return { organizations: byOrg.size, anomalies: recorded.length }
}
