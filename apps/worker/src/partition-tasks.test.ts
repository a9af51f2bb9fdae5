import { createDb, type Db, monthPartition, monthsFrom, partitionNames } from '@tokenledger/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCronItems } from './crontab'
import { createPartitionTaskList, PARTITION_CRONTAB, PARTITION_TASK_NAMES } from './partition-tasks'
import { startWorker, type TokenledgerWorker } from './worker'

const url = () => process.env.DATABASE_URL as string
let db: Db
let worker: TokenledgerWorker | undefined
const lines: string[] = []

beforeAll(() => {
  db = createDb(url())
})
afterAll(async () => {
  await worker?.stop()
  await db.destroy()
})

describe('ai:create-partitions', () => {
  it('is scheduled daily at 03:23 with a job key, so a backlog collapses into one run', () => {
    const [item] = buildCronItems('UTC', PARTITION_CRONTAB)
    expect(item?.task).toBe(PARTITION_TASK_NAMES.create)
    expect(item?.options).toMatchObject({ jobKey: PARTITION_TASK_NAMES.create, maxAttempts: 3 })
    expect(item?.match({ min: 23, hour: 3, date: 1, month: 1, dow: 4 })).toBe(true)
    expect(item?.match({ min: 23, hour: 4, date: 1, month: 1, dow: 4 })).toBe(false)
  })

  it('runs when a worker starts: the month two ahead, gone, is back', async () => {
    const last = monthPartition(monthsFrom(new Date(), 2)[2] as string).name
    // Fresh test database: the migration made it, and nothing is stored that far ahead.
    await db.raw(`drop table ${last}`)
    expect(await partitionNames(db)).not.toContain(last)
    worker = await startWorker({
      connectionString: url(),
      db,
      cron: false,
      pollInterval: 200,
      log: (l) => lines.push(l),
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${PARTITION_TASK_NAMES.create} run: ${lines.join('\n')}`)),
        30_000,
      )
      worker?.runner.events.on('job:complete', ({ job, error }) => {
        if (job.task_identifier !== PARTITION_TASK_NAMES.create) return
        clearTimeout(timer)
        if (error) reject(error)
        else resolve()
      })
    })
    expect(await partitionNames(db)).toContain(last)
    expect(
      lines.filter((l) => l.startsWith(`worker: ${PARTITION_TASK_NAMES.create}: created ${last} `)),
    ).toHaveLength(1)
  })

  it('says nothing when every month is there', async () => {
    const said: string[] = []
    const tasks = createPartitionTaskList({ ddlDb: db, log: (l) => said.push(l) })
    await tasks[PARTITION_TASK_NAMES.create]?.({}, {} as never)
    expect(said).toEqual([])
  })
})
