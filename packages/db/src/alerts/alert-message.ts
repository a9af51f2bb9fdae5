import { formatUsd, isUsd } from '@tokenledger/domain'
import type { AlertView } from './load-alerts'

/** One line saying what happened, for an email subject, a chat message or the admin. */
export function alertSummary(alert: AlertView): string {
  const d = alert.details
  const money = (value: unknown) => (isUsd(value) ? formatUsd(value) : '?')
  const kind = alert.budgetPeriod && alert.budgetPeriod !== 'monthly' ? `${alert.budgetPeriod} ` : ''
  const scope = alert.userEmail
    ? `${alert.userEmail}'s ${kind}budget in ${alert.organizationName}`
    : alert.projectName != null
      ? `project ${alert.projectName}'s ${kind}budget in ${alert.organizationName}`
      : alert.apiKeyName != null
        ? `API key ${alert.apiKeyName}'s ${kind}budget in ${alert.organizationName}`
        : `${alert.organizationName}'s ${kind}budget`
  const month = periodName(alert.budgetPeriod, alert.periodStart)
  switch (alert.kind) {
    case 'warning':
      return `${scope} reached its ${Number(d.threshold)}% warning: ${money(d.usage)} of ${money(d.limit)} spent in ${month}`
    case 'exceeded':
      return `${scope} is used up: ${money(d.usage)} of ${money(d.limit)} spent in ${month}`
    case 'override':
      return `An override of ${scope} was confirmed: ${money(d.usage)} of ${money(d.limit)} spent in ${month}`
    case 'will_exceed':
      return `${scope} will be exceeded on ${d.limitReachedOn} at this rate: ${money(d.projectedTotal)} projected for ${month} against ${money(d.limit)}`
    case 'anomaly':
      return `Unusual spend in ${alert.organizationName} on ${alert.periodStart}: ${money(d.cost)}, ${d.ratio}× its 14-day median of ${money(d.median)} (alerts above ${d.factor}×)`
  }
}

/** The period an alert is for, as people say it: '2026-06', 'the week of 2026-06-15', '2026-06-18'. */
function periodName(period: string | null, start: string): string {
  if (period === 'weekly') return `the week of ${start}`
  if (period === 'daily') return start
  return start.slice(0, 7)
}

/**
 * The JSON a webhook receives. `sentAt` is inside the signed body, so a receiver can refuse old
 * (replayed) deliveries by it; the `x-tokenledger-timestamp` header carries the same value.
 */
export function alertPayload(alert: AlertView, sentAt: Date) {
  return {
    type: `budget.${alert.kind}`,
    alertId: alert.id,
    summary: alertSummary(alert),
    organization: { id: alert.organizationId, name: alert.organizationName, slug: alert.organizationSlug },
    user: alert.userId == null ? null : { id: alert.userId, email: alert.userEmail },
    budgetId: alert.budgetId,
    /** The budget's period ('monthly', 'weekly', 'daily'); null for anomalies. */
    period: alert.budgetPeriod,
    periodStart: alert.periodStart,
    details: alert.details,
    createdAt: alert.createdAt.toISOString(),
    sentAt: sentAt.toISOString(),
  }
}
