import { formatUsd, isUsd } from '@tokenledger/domain'
import type { AlertView } from './load-alerts'

/** One line saying what happened, for an email subject, a chat message or the admin. */
export function alertSummary(alert: AlertView): string {
  const d = alert.details
  const money = (value: unknown) => (isUsd(value) ? formatUsd(value) : '?')
  const scope = alert.userEmail
    ? `${alert.userEmail}'s budget in ${alert.organizationName}`
    : `${alert.organizationName}'s budget`
  const month = alert.periodStart.slice(0, 7)
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
    periodStart: alert.periodStart,
    details: alert.details,
    createdAt: alert.createdAt.toISOString(),
    sentAt: sentAt.toISOString(),
  }
}
