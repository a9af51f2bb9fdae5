import type { Db } from '../knex'
import type { AlertKind } from './record-alerts'

export interface AlertView {
  id: number
  kind: AlertKind
  organizationId: number
  organizationName: string
  organizationSlug: string
  budgetId: number | null
  userId: number | null
  userEmail: string | null
  /** The budget's period and what else it is for (null for anomalies, and for older budgets' defaults). */
  budgetPeriod: string | null
  projectName: string | null
  apiKeyName: string | null
  periodStart: string
  details: Record<string, unknown>
  createdAt: Date
  dispatchedAt: Date | null
}

export interface DeliveryView {
  id: number
  alertId: number
  channelId: number
  channelName: string
  attempt: number
  status: 'delivered' | 'failed'
  responseCode: number | null
  error: string | null
  durationMs: number
  attemptedAt: Date
}

function alertsQuery(db: Db) {
  return db('ai_budget_alerts as a')
    .join('organizations as o', 'o.id', 'a.organization_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('ai_budgets as b', 'b.id', 'a.budget_id')
    .leftJoin('projects as p', 'p.id', 'b.project_id')
    .leftJoin('api_keys as k', 'k.id', 'b.api_key_id')
    .select(
      'a.id',
      'a.kind',
      'a.organization_id',
      'o.name as organization_name',
      'o.slug as organization_slug',
      'a.budget_id',
      'a.user_id',
      'u.email as user_email',
      'b.period as budget_period',
      'p.name as project_name',
      'k.name as api_key_name',
      'a.period_start',
      'a.details',
      'a.created_at',
      'a.dispatched_at',
    )
}

export async function loadAlert(db: Db, id: number): Promise<AlertView | null> {
  const row = await alertsQuery(db).where('a.id', id).first()
  return row ? toAlert(row) : null
}

/**
 * The newest alerts, each with its delivery attempts (newest first), for the admin; or only one
 * budget's (its organization named too, so the alerts' unique key finds them).
 */
export async function listRecentAlerts(
  db: Db,
  limit = 50,
  only?: { organizationId: number; budgetId: number },
): Promise<Array<AlertView & { deliveries: DeliveryView[] }>> {
  const query = alertsQuery(db).orderBy('a.id', 'desc').limit(limit)
  if (only) query.where({ 'a.organization_id': only.organizationId, 'a.budget_id': only.budgetId })
  const alerts = (await query).map(toAlert)
  if (!alerts.length) return []
  const rows = await db('alert_deliveries as d')
    .join('alert_channels as c', 'c.id', 'd.channel_id')
    .whereIn(
      'd.alert_id',
      alerts.map((a) => a.id),
    )
    .orderBy('d.id', 'desc')
    .select('d.*', 'c.name as channel_name')
  const deliveries = rows.map(
    (r): DeliveryView => ({
      id: r.id,
      alertId: r.alert_id,
      channelId: r.channel_id,
      channelName: r.channel_name,
      attempt: r.attempt,
      status: r.status,
      responseCode: r.response_code,
      error: r.error,
      durationMs: r.duration_ms,
      attemptedAt: r.attempted_at,
    }),
  )
  return alerts.map((a) => ({ ...a, deliveries: deliveries.filter((d) => d.alertId === a.id) }))
}

// biome-ignore lint/suspicious/noExplicitAny: a knex row
function toAlert(row: any): AlertView {
  return {
    id: row.id,
    kind: row.kind,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    organizationSlug: row.organization_slug,
    budgetId: row.budget_id,
    userId: row.user_id,
    userEmail: row.user_email,
    budgetPeriod: row.budget_period ?? null,
    projectName: row.project_name ?? null,
    apiKeyName: row.api_key_name ?? null,
    periodStart: row.period_start,
    details: row.details ?? {},
    createdAt: row.created_at,
    dispatchedAt: row.dispatched_at,
  }
}
