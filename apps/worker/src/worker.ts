import { createDb, type Db, followCatalogCache, parseAnomalyFactor } from '@tokenledger/db'
import { Logger, type Runner, run, type TaskList } from 'graphile-worker'
import pg from 'pg'
import { ALERT_CRONTAB, ALERT_TASK_NAMES, createAlertTaskList } from './alert-tasks'
import { type SmtpSettings, smtpSettingsFromEnv } from './alerts/send-email'
import { queueMissingDays } from './catch-up'
import { buildCronItems, CRONTAB } from './crontab'
import { createPartitionTaskList, PARTITION_CRONTAB, PARTITION_TASK_NAMES } from './partition-tasks'
import { createPriceTaskList, PRICE_CRONTAB, PRICE_TASK_NAMES, priceSettings } from './price-tasks'
import { createRepriceTaskList, REPRICE_TASK_NAME, watchRepriceRuns } from './reprice-task'
import { createReservationTaskList, RESERVATION_CRONTAB, RESERVATION_TASK_NAMES } from './reservation-tasks'
import { createTaskList, TASK_NAMES } from './tasks'
import { resolveTimeZone } from './zone'

export interface WorkerOptions {
  /** The Tokenledger database; graphile-worker keeps its queue in the `graphile_worker` schema there. */
  connectionString: string
  /**
   * For graphile-worker's own connections (its migrations and its queue): the role owning the
   * `graphile_worker` schema, e.g. the embedded server's schema owner. graphile-worker enables
   * row-level security without policies on its tables, which only their owner passes; the jobs'
   * queries keep `connectionString` (rows only). Default: `connectionString`.
   */
  queueConnectionString?: string
  /** Jobs run at once by this process (default 1: the rollups are big single statements). */
  concurrency?: number
  /** One line per event (default: stderr). */
  log?: (line: string) => void
  /**
   * A knex instance for the jobs' queries. Pass the process's own (as `serve` does) to share its
   * pool; otherwise the worker opens, and on stop closes, its own.
   */
  db?: Db
  /** IANA zone for the crontab (default `TOKENLEDGER_TIMEZONE`, else UTC). */
  timeZone?: string
  /** Run the crontab (default true). Tests that only want queued jobs turn it off. */
  cron?: boolean
  /** How often to look for due jobs besides LISTEN/NOTIFY, ms (default 2000). */
  pollInterval?: number
  /**
   * On start, queue `ai:aggregate-daily` for days of the last N (default 400) that have logs but no
   * daily rows (e.g. freshly seeded history). 0 turns it off.
   */
  catchUpDays?: number
  /** Budget alerts: SMTP (default TOKENLEDGER_SMTP_URL / _FROM) and the anomaly factor (default TOKENLEDGER_ANOMALY_FACTOR, else 3). */
  alerts?: { smtp?: SmtpSettings; anomalyFactor?: string }
  /**
   * The price catalog refresh: the price file (default `TOKENLEDGER_PRICES_URL`, else genai-prices'
   * remote data.json; null: off, the bundled catalog prices) and where the last good copy is kept.
   */
  prices?: { url?: string | null; file?: string }
  /** How often to look for reprices the admin queued, ms (default 2000). */
  repricePollInterval?: number
}

export interface TokenledgerWorker {
  timeZone: string
  /** graphile-worker's runner, e.g. for `addJob` or its `events`. */
  runner: Runner
  /** Waits for running jobs to finish (graceful shutdown), then releases the connections. */
  stop: () => Promise<void>
}

/** The task names this worker serves, and the crontab text it schedules them with. */
export const TASKS = [
  ...Object.values(TASK_NAMES),
  ...Object.values(ALERT_TASK_NAMES),
  ...Object.values(PRICE_TASK_NAMES),
  ...Object.values(PARTITION_TASK_NAMES),
  ...Object.values(RESERVATION_TASK_NAMES),
  REPRICE_TASK_NAME,
]
export { CRONTAB }

export async function startWorker(options: WorkerOptions): Promise<TokenledgerWorker> {
  const log = options.log ?? ((line: string) => console.error(line))
  const timeZone = resolveTimeZone(options.timeZone)
  const concurrency = options.concurrency ?? 1
  const ownDb = !options.db
  const db = options.db ?? createDb(options.connectionString, { pool: { min: 0, max: concurrency + 1 } })
  const alerts = createAlertTaskList({
    db,
    log: (line) => log(`worker: ${line}`),
    smtp: options.alerts?.smtp ?? smtpSettingsFromEnv(),
    anomalyFactor: parseAnomalyFactor(
      options.alerts?.anomalyFactor ?? process.env.TOKENLEDGER_ANOMALY_FACTOR,
    ),
  })
  const prices = priceSettings(options.prices ?? {})
  // Partitions are DDL, which the application role may not run: they go through the queue's role
  // (the schema owner), one connection at most.
  const ownDdlDb =
    options.queueConnectionString != null && options.queueConnectionString !== options.connectionString
  const ddlDb = ownDdlDb
    ? createDb(options.queueConnectionString as string, { pool: { min: 0, max: 1 } })
    : db
  const taskList: TaskList = {
    ...createTaskList({ db, timeZone, log: (line) => log(`worker: ${line}`) }),
    ...alerts.tasks,
    ...createPriceTaskList({ ...prices, log: (line) => log(`worker: ${line}`) }),
    ...createPartitionTaskList({ ddlDb, log: (line) => log(`worker: ${line}`) }),
    ...createRepriceTaskList({ db, log: (line) => log(`worker: ${line}`) }),
    ...createReservationTaskList({ db, log: (line) => log(`worker: ${line}`) }),
  }
  // Price with the last good copy from the start, and follow the copy other workers refresh.
  if (prices.url !== null) await followCatalogCache(prices.file)
  // Our own pool, with error listeners that outlive graphile-worker's: when the database goes away
  // first (Ctrl+C reaches an embedded Postgres too), a dropped connection is logged, not a crash.
  const pgPool = new pg.Pool({
    connectionString: options.queueConnectionString ?? options.connectionString,
    max: Math.max(concurrency + 2, 4),
  })
  let shuttingDown = false
  // On Ctrl+C the terminal signals an embedded Postgres too, which may close connections first.
  const quiet = (message: string) =>
    shuttingDown && /terminating connection|Connection terminated/i.test(message)
  pgPool.on('error', (error) => {
    if (!quiet(error.message)) log(`worker: database connection lost: ${error.message}`)
  })
  pgPool.on('connect', (client) => client.on('error', () => {}))
  const release = async () => {
    alerts.close()
    await pgPool.end().catch(() => {})
    if (ownDb) await db.destroy()
    if (ownDdlDb) await ddlDb.destroy()
  }
  let runner: Runner
  try {
    runner = await run({
      pgPool,
      concurrency,
      pollInterval: options.pollInterval ?? 2000,
      noHandleSignals: true,
      logger: graphileLogger((line) => {
        if (!quiet(line)) log(line)
      }),
      taskList,
      parsedCronItems:
        options.cron === false
          ? []
          : buildCronItems(
              timeZone,
              CRONTAB +
                ALERT_CRONTAB +
                PARTITION_CRONTAB +
                RESERVATION_CRONTAB +
                (prices.url === null ? '' : PRICE_CRONTAB),
            ),
    })
  } catch (error) {
    await release()
    throw error
  }
  try {
    await queueMissingDays(db, runner.addJob, options.catchUpDays ?? 400, (line) => log(`worker: ${line}`))
  } catch (error) {
    log(`worker: catch-up failed (the crontab still runs): ${(error as Error).message}`)
  }
  try {
    // Alerts recorded while no worker ran go out now, not at the next minute.
    await runner.addJob(ALERT_TASK_NAMES.dispatch, {}, { jobKey: ALERT_TASK_NAMES.dispatch })
  } catch (error) {
    log(
      `worker: could not queue ${ALERT_TASK_NAMES.dispatch} (the crontab still runs it): ${(error as Error).message}`,
    )
  }
  try {
    // The months ahead exist before the first call needs them, even on a fresh database.
    await runner.addJob(
      PARTITION_TASK_NAMES.create,
      {},
      { jobKey: PARTITION_TASK_NAMES.create, maxAttempts: 3 },
    )
  } catch (error) {
    log(
      `worker: could not queue ${PARTITION_TASK_NAMES.create} (the crontab still runs it): ${(error as Error).message}`,
    )
  }
  if (prices.url !== null) {
    try {
      await runner.addJob(PRICE_TASK_NAMES.refresh, {}, { jobKey: PRICE_TASK_NAMES.refresh, maxAttempts: 1 })
    } catch (error) {
      log(
        `worker: could not queue ${PRICE_TASK_NAMES.refresh} (the crontab still runs it): ${(error as Error).message}`,
      )
    }
  }
  const stopWatching = watchRepriceRuns({
    db,
    addJob: runner.addJob,
    intervalMs: options.repricePollInterval ?? options.pollInterval ?? 2000,
    log: (line) => log(`worker: ${line}`),
  })
  let stopping: Promise<void> | null = null
  return {
    timeZone,
    runner,
    stop: () => {
      shuttingDown = true
      stopping ??= (async () => {
        stopWatching()
        try {
          await runner.stop()
          log('worker: stopped')
        } finally {
          await release()
        }
      })()
      return stopping
    },
  }
}

/** graphile-worker's own messages: warnings and errors always, info without the per-job chatter. */
function graphileLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    const text = String(level)
    if (text === 'debug') return
    if (text === 'info' && /^(Worker connected|Completed task|Worker \w+ )/.test(message)) return
    log(`worker${text === 'info' ? '' : ` ${text}`}: ${message}`)
  })
}
