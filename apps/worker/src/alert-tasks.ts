import {
  alertPayload,
  alertSummary,
  type Db,
  detectSpendAnomalies,
  dispatchAlerts,
  loadAlert,
  loadChannelForDelivery,
  recordDelivery,
  recordWillExceedAlerts,
  splitAddresses,
  wasDelivered,
} from '@tokenledger/db'
import { addUtcDays, isCalendarDay, utcDay } from '@tokenledger/domain'
import type { JobHelpers, Task, TaskList } from 'graphile-worker'
import { createEmailSender, type SmtpSettings } from './alerts/send-email'
import { DeliveryError, sendWebhook } from './alerts/send-webhook'
import { type JobPayload, referenceTime } from './targets'

export const ALERT_TASK_NAMES = {
  dispatch: 'budget:dispatch-alerts',
  deliver: 'budget:deliver-alert',
  detectAnomalies: 'budget:detect-anomalies',
} as const

/**
 * Dispatch every minute (one pending run at most), and on start; anomalies at 01:30, after the
 * nightly rollup of yesterday (01:00), over yesterday's UTC day.
 */
export const ALERT_CRONTAB = `
* * * * * ${ALERT_TASK_NAMES.dispatch} ?max=3&jobKey=${ALERT_TASK_NAMES.dispatch}
30 1 * * * ${ALERT_TASK_NAMES.detectAnomalies} ?fill=2d&max=5
`

/** Attempts per delivery, with graphile-worker's exponential backoff (e^attempt s): ~3.5 h in all. */
export const DELIVERY_MAX_ATTEMPTS = 10

export interface AlertTaskContext {
  db: Db
  log: (line: string) => void
  smtp: SmtpSettings
  /** TOKENLEDGER_ANOMALY_FACTOR, parsed. */
  anomalyFactor: string
  now?: () => Date
}

export function createAlertTaskList(context: AlertTaskContext): { tasks: TaskList; close: () => void } {
  const { db, log } = context
  const now = context.now ?? (() => new Date())
  const email = createEmailSender(context.smtp)

  /** Forecast alerts first, so a budget that will run out is told in the same run. */
  const dispatch: Task = async (_payload, helpers) => {
    const forecasts = await recordWillExceedAlerts(db, now())
    const { alerts, deliveries } = await dispatchAlerts(db, ({ alertId, channelId }) =>
      helpers
        .addJob(
          ALERT_TASK_NAMES.deliver,
          { alertId, channelId },
          {
            jobKey: `${ALERT_TASK_NAMES.deliver}:${alertId}:${channelId}`,
            jobKeyMode: 'unsafe_dedupe',
            maxAttempts: DELIVERY_MAX_ATTEMPTS,
          },
        )
        .then(() => {}),
    )
    if (alerts || forecasts)
      log(
        `${ALERT_TASK_NAMES.dispatch}: ${forecasts} forecast alert(s); ${alerts} alert(s) → ${deliveries} delivery(ies) queued`,
      )
  }

  const deliver: Task = async (payload, helpers: JobHelpers) => {
    const { alertId, channelId } = (payload ?? {}) as { alertId?: unknown; channelId?: unknown }
    if (!Number.isSafeInteger(alertId) || !Number.isSafeInteger(channelId)) {
      log(
        `${ALERT_TASK_NAMES.deliver}: payload needs integer alertId and channelId; job ${helpers.job.id} dropped`,
      )
      return
    }
    const ids = { alertId: alertId as number, channelId: channelId as number }
    if (await wasDelivered(db, ids.alertId, ids.channelId)) return
    const [alert, channel] = await Promise.all([
      loadAlert(db, ids.alertId),
      loadChannelForDelivery(db, ids.channelId),
    ])
    if (!alert || !channel?.isActive) {
      log(
        `${ALERT_TASK_NAMES.deliver}: alert ${ids.alertId} to channel ${ids.channelId}: alert or channel gone or off; dropped`,
      )
      return
    }
    const started = performance.now()
    const attempt = { ...ids, attempt: helpers.job.attempts }
    try {
      let responseCode: number
      if (channel.kind === 'webhook') {
        const sentAt = now()
        responseCode = await sendWebhook({
          url: channel.target,
          secret: channel.secret ?? '',
          body: JSON.stringify(alertPayload(alert, sentAt)),
          sentAt,
          deliveryId: `${ids.alertId}-${ids.channelId}`,
        })
      } else {
        const summary = alertSummary(alert)
        responseCode = await email.send({
          to: splitAddresses(channel.target).join(', '),
          subject: `[Tokenledger] ${summary}`,
          text: `${summary}.\n\n${JSON.stringify(alertPayload(alert, now()), null, 2)}\n`,
        })
      }
      await recordDelivery(db, {
        ...attempt,
        status: 'delivered',
        responseCode,
        error: null,
        durationMs: Math.round(performance.now() - started),
      })
    } catch (error) {
      await recordDelivery(db, {
        ...attempt,
        status: 'failed',
        responseCode: error instanceof DeliveryError ? error.responseCode : null,
        error: (error as Error).message,
        durationMs: Math.round(performance.now() - started),
      })
      throw error // graphile-worker retries with backoff, up to DELIVERY_MAX_ATTEMPTS
    }
  }

  const detectAnomalies: Task = async (payload, helpers) => {
    const date = (payload as JobPayload & { date?: unknown })?.date
    if (date !== undefined && (typeof date !== 'string' || !isCalendarDay(date))) {
      log(
        `${ALERT_TASK_NAMES.detectAnomalies}: payload.date is not a YYYY-MM-DD day; job ${helpers.job.id} dropped`,
      )
      return
    }
    const day =
      (date as string | undefined) ?? addUtcDays(utcDay(referenceTime(payload as JobPayload, now())), -1)
    const result = await detectSpendAnomalies(db, day, context.anomalyFactor)
    log(
      `${ALERT_TASK_NAMES.detectAnomalies} ${day}: ${result.organizations} organization(s), ${result.anomalies} anomaly(ies)`,
    )
  }

  return {
    tasks: {
      [ALERT_TASK_NAMES.dispatch]: dispatch,
      [ALERT_TASK_NAMES.deliver]: deliver,
      [ALERT_TASK_NAMES.detectAnomalies]: detectAnomalies,
    },
    close: () => email.close(),
  }
}
