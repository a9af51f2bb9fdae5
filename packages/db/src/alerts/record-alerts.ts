import type { Db } from '../knex'

export type AlertKind = 'warning' | 'exceeded' | 'override' | 'will_exceed' | 'anomaly'
export const ALERT_KINDS: readonly AlertKind[] = ['warning', 'exceeded', 'override', 'will_exceed', 'anomaly']

export interface NewAlert {
  organizationId: number
  /** null: an organization-wide alert that is not about a budget (anomaly). */
  budgetId: number | null
  userId: number | null
  kind: AlertKind
  /** 'YYYY-MM-DD': the budget's month, or the anomaly's day. */
  periodStart: string
  /** What the message says: usage, limit, percent, forecast, … (money as decimal strings). */
  details: Record<string, unknown>
}

/**
 * Records alerts, each at most once per (organization, budget, period, kind): a repeat is dropped
 * by the unique key, so callers may record on every increment. Runs in the caller's transaction,
 * so an alert exists exactly when what caused it committed; the worker delivers it from there.
 * Returns the ids of the alerts that are new.
 */
export async function recordAlerts(trx: Db, alerts: NewAlert[]): Promise<number[]> {
  if (!alerts.length) return []
  const { rows } = await trx.raw(
    `insert into ai_budget_alerts (organization_id, budget_id, user_id, kind, period_start, details)
     select (a->>'organizationId')::bigint, (a->>'budgetId')::bigint, (a->>'userId')::bigint,
            a->>'kind', (a->>'periodStart')::date, a->'details'
     from jsonb_array_elements(?::jsonb) a
     on conflict on constraint ai_budget_alerts_once do nothing
     returning id`,
    [JSON.stringify(alerts)],
  )
  return rows.map((r: { id: string | number }) => Number(r.id))
}
