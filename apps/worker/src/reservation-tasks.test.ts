import { createDb, type Db } from '@tokenledger/db'
import { createTenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCronItems } from './crontab'
import { createReservationTaskList, RESERVATION_CRONTAB, RESERVATION_TASK_NAMES } from './reservation-tasks'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

describe('budget:expire-reservations', () => {
  it('is scheduled every 10 minutes with a job key', () => {
    const [item] = buildCronItems('UTC', RESERVATION_CRONTAB)
    expect(item?.task).toBe(RESERVATION_TASK_NAMES.expire)
    expect(item?.options).toMatchObject({ jobKey: RESERVATION_TASK_NAMES.expire, maxAttempts: 3 })
    expect(item?.match({ min: 40, hour: 3, date: 1, month: 1, dow: 4 })).toBe(true)
    expect(item?.match({ min: 41, hour: 3, date: 1, month: 1, dow: 4 })).toBe(false)
  })

  it('deletes the expired reservations, keeps the others, and says how many', async () => {
    const tenant = await createTenant(db, 'Expire Reservations')
    const at = new Date('2031-01-01T10:00:00Z')
    const row = (minutes: number) => ({
      organization_id: tenant.organizationId,
      amount: '1',
      created_at: at,
      expires_at: new Date(at.getTime() + minutes * 60_000),
    })
    await db('budget_reservations').insert([row(5), row(5), row(30)])
    const said: string[] = []
    const tasks = createReservationTaskList({
      db,
      log: (l) => said.push(l),
      now: () => new Date(at.getTime() + 10 * 60_000),
    })
    await tasks[RESERVATION_TASK_NAMES.expire]?.({}, {} as never)
    const left = await db('budget_reservations').where({ organization_id: tenant.organizationId })
    expect(left.map((r) => r.expires_at)).toEqual([new Date(at.getTime() + 30 * 60_000)])
    expect(said).toEqual([
      expect.stringMatching(/^budget:expire-reservations: 2 expired reservations deleted in \d+ ms$/),
    ])
    await tasks[RESERVATION_TASK_NAMES.expire]?.({}, {} as never)
    expect(said).toHaveLength(1)
  })
})
