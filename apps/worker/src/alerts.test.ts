import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { addToBudgetCounters, createChannel, createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ALERT_TASK_NAMES } from './alert-tasks'
import { verifyWebhookSignature } from './alerts/sign-webhook'
import { startWorker, type TokenledgerWorker, type WorkerOptions } from './worker'

// Budget alerts end to end: counters crossing thresholds in the write path's transaction, the
// worker delivering to a local webhook receiver and a local SMTP sink.
const url = () => process.env.DATABASE_URL as string
let db: Db
const lines: string[] = []
const running: TokenledgerWorker[] = []

beforeAll(() => {
  db = createDb(url())
})
afterEach(async () => {
  while (running.length) await running.pop()?.stop()
  await db('alert_channels').delete()
})
afterAll(async () => {
  await db.destroy()
})

async function start(options: Partial<WorkerOptions> = {}): Promise<TokenledgerWorker> {
  const worker = await startWorker({
    connectionString: url(),
    db,
    log: (line) => lines.push(line),
    cron: false,
    catchUpDays: 0,
    pollInterval: 200,
    ...options,
  })
  running.push(worker)
  return worker
}

async function stop(worker: TokenledgerWorker) {
  running.splice(running.indexOf(worker), 1)
  await worker.stop()
}

/** Runs a dispatch now and waits for it (and nothing else) to finish. */
async function dispatchNow(worker: TokenledgerWorker): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    const onComplete = ({ job, error }: { job: { task_identifier: string }; error: unknown }) => {
      if (job.task_identifier !== ALERT_TASK_NAMES.dispatch) return
      worker.runner.events.off('job:complete', onComplete)
      if (error) reject(error)
      else resolve()
    }
    worker.runner.events.on('job:complete', onComplete)
  })
  await worker.runner.addJob(ALERT_TASK_NAMES.dispatch, {})
  await done
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await probe()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}; worker said:\n${lines.join('\n')}`)
}

interface Received {
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A webhook receiver on a free local port; answers the given statuses in turn, then 200. */
async function receiver(statuses: number[] = []) {
  const requests: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      requests.push({ headers: req.headers, body })
      res.statusCode = statuses.shift() ?? 200
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/tokenledger`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function budget(tenant: Tenant, limit: string) {
  const now = new Date()
  await db('ai_budgets').insert({
    organization_id: tenant.organizationId,
    monthly_limit: limit,
    current_period_start: `${now.toISOString().slice(0, 7)}-01`,
  })
}

/** What the api's record path does for a call's cost (the counters, in the log's transaction). */
async function logCost(tenant: Tenant, cost: string) {
  await db.transaction((trx) =>
    addToBudgetCounters(trx, tenant.organizationId, [{ userId: null, cost, createdAt: new Date() }]),
  )
}

const deliveries = (channelId: number, alertId?: number) =>
  db('alert_deliveries')
    .where({ channel_id: channelId })
    .where((q) => {
      if (alertId != null) q.where({ alert_id: alertId })
    })
    .orderBy('id')
    .select('alert_id', 'attempt', 'status', 'response_code')

describe('budget alerts', () => {
  it('delivers one signed webhook per threshold per period, across a worker restart', async () => {
    const hook = await receiver()
    try {
      const channel = await createChannel(db, { kind: 'webhook', name: 'Receiver', target: hook.url })
      if (!channel.ok || !channel.secret) throw new Error('channel refused')
      const tenant = await createTenant(db, 'Webhook')
      await budget(tenant, '10.00')

      // No worker running: the calls crossing the warning are logged, the alert waits in Postgres.
      await logCost(tenant, '7.5')
      await logCost(tenant, '0.6') // 8.1 ≥ 80 % of 10
      await logCost(tenant, '0.1')
      const worker = await start()
      const [request] = await until('the webhook', async () => hook.requests.length > 0 && hook.requests)
      await until('the delivery log', async () => (await deliveries(channel.channel.id)).length > 0)

      // The signature covers the raw body; the timestamp header matches the signed sentAt.
      expect(request?.headers['content-type']).toBe('application/json')
      const signature = request?.headers['x-tokenledger-signature'] as string
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/)
      expect(verifyWebhookSignature(channel.secret, request?.body ?? '', signature)).toBe(true)
      expect(verifyWebhookSignature('tlwh_other', request?.body ?? '', signature)).toBe(false)
      expect(verifyWebhookSignature(channel.secret, `${request?.body} `, signature)).toBe(false)
      const body = JSON.parse(request?.body ?? '{}')
      expect(body).toMatchObject({
        type: 'budget.warning',
        organization: { id: tenant.organizationId, slug: tenant.slug },
        details: { usage: '8.100000000000', limit: '10.00', threshold: '80.00' },
      })
      expect(request?.headers['x-tokenledger-timestamp']).toBe(
        String(Math.floor(Date.parse(body.sentAt) / 1000)),
      )

      // More calls under the limit, a dispatch, a restart and another dispatch: nothing new.
      await logCost(tenant, '0.5')
      await dispatchNow(worker)
      await stop(worker)
      const again = await start()
      await dispatchNow(again)
      await new Promise((resolve) => setTimeout(resolve, 500))
      // One warning, delivered once. (Early in a month the forecast may also say the budget
      // will run out: a will_exceed alert, once too.)
      const types = hook.requests.map((r) => JSON.parse(r.body).type)
      expect(types.filter((t) => t === 'budget.warning')).toHaveLength(1)
      expect(new Set(types).size).toBe(types.length)
      expect(types.every((t) => ['budget.warning', 'budget.will_exceed'].includes(t))).toBe(true)
      expect(await deliveries(channel.channel.id)).toEqual(
        hook.requests.map((r) => ({
          alert_id: JSON.parse(r.body).alertId,
          attempt: 1,
          status: 'delivered',
          response_code: 200,
        })),
      )

      // A delivery job queued again for a delivered pair (a dispatch that crashed before its
      // commit) sends nothing.
      const sent = hook.requests.length
      await new Promise<void>((resolve, reject) => {
        const onComplete = ({ job, error }: { job: { task_identifier: string }; error: unknown }) => {
          if (job.task_identifier !== ALERT_TASK_NAMES.deliver) return
          again.runner.events.off('job:complete', onComplete)
          if (error) reject(error)
          else resolve()
        }
        again.runner.events.on('job:complete', onComplete)
        again.runner
          .addJob(ALERT_TASK_NAMES.deliver, { alertId: body.alertId, channelId: channel.channel.id })
          .catch(reject)
      })
      expect(hook.requests).toHaveLength(sent)
    } finally {
      await hook.close()
    }
  })

  it('retries a webhook answering 500, delivers it once, and logs both attempts', async () => {
    const hook = await receiver([500])
    try {
      const channel = await createChannel(db, { kind: 'webhook', name: 'Flaky', target: hook.url })
      if (!channel.ok) throw new Error('channel refused')
      const tenant = await createTenant(db, 'Flaky')
      await budget(tenant, '1.00')
      await logCost(tenant, '0.9')
      const warning = await db('ai_budget_alerts')
        .where({ organization_id: tenant.organizationId, kind: 'warning' })
        .first('id')
      // Only the warning's first send fails (a will_exceed alert may come too, early in a month).
      await db('ai_budget_alerts')
        .where({ organization_id: tenant.organizationId })
        .whereNot({ kind: 'warning' })
        .delete()
      await db('ai_budgets').where({ organization_id: tenant.organizationId }).update({ is_active: false })
      await start() // dispatches what is waiting
      // graphile-worker's backoff after a first failure is e¹ ≈ 2.7 s.
      const log = await until('a delivered attempt', async () => {
        const rows = await deliveries(channel.channel.id, warning.id)
        return rows.some((r) => r.status === 'delivered') && rows
      })
      expect(log.map(({ attempt, status, response_code }) => ({ attempt, status, response_code }))).toEqual([
        { attempt: 1, status: 'failed', response_code: 500 },
        { attempt: 2, status: 'delivered', response_code: 200 },
      ])
      expect(hook.requests).toHaveLength(2)
      // The same alert twice, each send signed with its own time.
      const withoutTime = (body = '') => body.replace(/"sentAt":"[^"]+"/, '')
      expect(withoutTime(hook.requests[0]?.body)).toBe(withoutTime(hook.requests[1]?.body))
      const ids = hook.requests.map((r) => JSON.parse(r.body).alertId)
      expect(ids[0]).toBe(ids[1])
      expect(hook.requests[0]?.headers['x-tokenledger-delivery']).toBe(
        hook.requests[1]?.headers['x-tokenledger-delivery'],
      )
    } finally {
      await hook.close()
    }
  })

  it('emails the warning through SMTP', async () => {
    const mails: Array<{ to: string[]; from: string; data: string }> = []
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = ''
        stream.on('data', (chunk) => {
          data += chunk
        })
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            data,
          })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = smtp.server.address() as AddressInfo
      const channel = await createChannel(db, { kind: 'email', name: 'Ops', target: 'ops@example.test' })
      if (!channel.ok) throw new Error('channel refused')
      const tenant = await createTenant(db, 'Mail')
      await budget(tenant, '20.00')
      await logCost(tenant, '16')
      // No forecast alert on top (early in a month it may say the budget will run out).
      await db('ai_budgets').where({ organization_id: tenant.organizationId }).update({ is_active: false })
      await start({ alerts: { smtp: { url: `smtp://127.0.0.1:${port}`, from: 'alerts@tokenledger.test' } } })
      const [mail] = await until('the email', async () => mails.length > 0 && mails)
      expect(mail?.to).toEqual(['ops@example.test'])
      expect(mail?.from).toBe('alerts@tokenledger.test')
      expect(mail?.data).toMatch(
        /Subject: \[Tokenledger\] Mail's budget reached its 80% warning: \$16\.00 of\s+\$20\.00/,
      )
      await until('the delivery log', async () => (await deliveries(channel.channel.id)).length > 0)
      expect(await deliveries(channel.channel.id)).toMatchObject([
        { attempt: 1, status: 'delivered', response_code: 250 },
      ])
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
    }
  })

  it('runs budget:detect-anomalies for a day, and drops a bad payload saying why', async () => {
    const worker = await start({ alerts: { anomalyFactor: '2' } })
    const run = (payload: object) =>
      new Promise<void>((resolve, reject) => {
        const onComplete = ({ job, error }: { job: { task_identifier: string }; error: unknown }) => {
          if (job.task_identifier !== ALERT_TASK_NAMES.detectAnomalies) return
          worker.runner.events.off('job:complete', onComplete)
          if (error) reject(error)
          else resolve()
        }
        worker.runner.events.on('job:complete', onComplete)
        worker.runner.addJob(ALERT_TASK_NAMES.detectAnomalies, payload).catch(reject)
      })
    await run({ date: '2031-02-30' })
    expect(
      lines.some((l) => l.includes('budget:detect-anomalies: payload.date is not a YYYY-MM-DD day')),
    ).toBe(true)
    await run({ date: '2031-02-27' })
    expect(lines).toContain('worker: budget:detect-anomalies 2031-02-27: 0 organization(s), 0 anomaly(ies)')
  })
})
