import type { Db } from '../knex'

/**
 * Hands the alerts not yet dispatched to the delivery queue: one delivery per alert and active
 * channel, through `enqueue` (the worker's addJob, keyed by alert and channel). An alert is marked
 * dispatched in the same transaction, after its deliveries are queued; a crash in between queues
 * them again under the same keys, and a delivery already made is not repeated (`wasDelivered`).
 * Rows are claimed with `skip locked`, so two workers dispatching at once split the work.
 * Alerts recorded while no channel is active are marked dispatched with no delivery.
 */
export async function dispatchAlerts(
  db: Db,
  enqueue: (delivery: { alertId: number; channelId: number }) => Promise<void>,
  options: { batch?: number } = {},
): Promise<{ alerts: number; deliveries: number }> {
  return db.transaction(async (trx) => {
    const alerts: Array<{ id: number }> = await trx('ai_budget_alerts')
      .whereNull('dispatched_at')
      .orderBy('id')
      .limit(options.batch ?? 500)
      .forUpdate()
      .skipLocked()
      .select('id')
    if (!alerts.length) return { alerts: 0, deliveries: 0 }
    const channels: Array<{ id: number }> = await trx('alert_channels')
      .where({ is_active: true })
      .orderBy('id')
      .select('id')
    let deliveries = 0
    for (const alert of alerts)
      for (const channel of channels) {
        await enqueue({ alertId: alert.id, channelId: channel.id })
        deliveries++
      }
    await trx('ai_budget_alerts')
      .whereIn(
        'id',
        alerts.map((a) => a.id),
      )
      .update({ dispatched_at: trx.fn.now() })
    return { alerts: alerts.length, deliveries }
  })
}

export interface DeliveryAttempt {
  alertId: number
  channelId: number
  attempt: number
  status: 'delivered' | 'failed'
  responseCode: number | null
  error: string | null
  durationMs: number
}

/** Writes one attempt to the delivery log (errors cut to 500 characters). */
export async function recordDelivery(db: Db, attempt: DeliveryAttempt): Promise<void> {
  await db('alert_deliveries').insert({
    alert_id: attempt.alertId,
    channel_id: attempt.channelId,
    attempt: attempt.attempt,
    status: attempt.status,
    response_code: attempt.responseCode,
    error: attempt.error?.slice(0, 500) ?? null,
    duration_ms: attempt.durationMs,
  })
}

export async function wasDelivered(db: Db, alertId: number, channelId: number): Promise<boolean> {
  const row = await db('alert_deliveries')
    .where({ alert_id: alertId, channel_id: channelId, status: 'delivered' })
    .first('id')
  return row != null
}
