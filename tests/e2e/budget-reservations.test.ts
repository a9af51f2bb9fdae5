import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { toDecimal } from '@tokenledger/domain'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// Issue 14: a check that lets a call go holds its estimate until the call is logged, so
// concurrent callers see each other. Over the real api (HTTP, the SDK's tRPC client), real
// PostgreSQL, the api's clock injected.
let db: Db
let api: ApiServer
let tenant: Tenant
let client: TokenledgerClient
let now = new Date()

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 12 } })
  api = await startApiServer({ db, port: 0, clock: () => now, adminUrl: 'http://admin.test' })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})
beforeEach(async () => {
  now = new Date()
  tenant = await createTenant(db, 'Reservations')
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
})

/** One client per caller: the SDK's batch link would otherwise send a burst as one request. */
const callers = (n: number) =>
  Array.from({ length: n }, () => createClient({ url: api.url, apiKey: tenant.apiKey }))

async function addBudget(fields: Record<string, unknown> = {}): Promise<number> {
  const [{ id }] = await db('ai_budgets')
    .insert({ organization_id: tenant.organizationId, monthly_limit: '1.00', ...fields })
    .returning('id')
  return id
}

const heldBy = (organizationId: number) =>
  db('budget_reservations').where({ organization_id: organizationId }).pluck('id')

// gpt-4o at $2.50 / $10 per million tokens: $0.0875 a call, under the $0.095 estimate.
const call = { provider: 'openai', model: 'gpt-4o', promptTokens: 15_000, completionTokens: 5_000 }
const ESTIMATE = '0.095' // ten fit in $1.00 (0.95); an eleventh would reach the limit

describe('budgets.check with reserve', () => {
  it('answers the reservation, counts it for every other caller, and releases it on request', async () => {
    await addBudget()
    const plain = await client.budgets.check.query({ userId: tenant.userId, estimatedCost: '0.5' })
    expect(plain).not.toHaveProperty('reservation')

    const held = await client.budgets.check.query({
      userId: tenant.userId,
      estimatedCost: '0.5',
      reserve: true,
    })
    expect(held.status).toBe('ok')
    expect(held.reservation).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expiresAt: new Date(now.getTime() + 300_000).toISOString(),
    })
    const seen = await client.budgets.check.query({ estimatedCost: '0.4' })
    expect(seen).toMatchObject({ status: 'warning' })
    expect(seen.budgets[0]).toMatchObject({
      usage: '0.000000',
      reserved: '0.500000',
      projectedUsage: '0.900000',
    })
    // Full: a reserving check past the limit holds nothing.
    const refused = await client.budgets.check.query({ estimatedCost: '0.5', reserve: true })
    expect(refused).toMatchObject({ status: 'exceeded', reservation: null })

    const id = held.reservation?.id as string
    expect(await client.budgets.releaseReservation.mutate({ reservationId: id })).toEqual({ released: true })
    expect(await client.budgets.releaseReservation.mutate({ reservationId: id })).toEqual({ released: false })
    expect((await client.budgets.check.query({})).budgets[0]).toMatchObject({ reserved: '0.000000' })
  })

  it("refuses a reservation without an estimate, and never releases another organization's", async () => {
    await addBudget()
    await expect(client.budgets.check.query({ reserve: true })).rejects.toThrow(/estimatedCost/)
    const held = await client.budgets.check.query({ estimatedCost: '0.1', reserve: true })
    const stranger = await createTenant(db, 'Reservations Stranger')
    const theirs = createClient({ url: api.url, apiKey: stranger.apiKey })
    const id = held.reservation?.id as string
    expect(await theirs.budgets.releaseReservation.mutate({ reservationId: id })).toEqual({ released: false })
    await expect(theirs.budgets.releaseReservation.mutate({ reservationId: 'nope' })).rejects.toThrow(
      /reservationId/,
    )
    expect(await heldBy(tenant.organizationId)).toEqual([id])
  })

  it('lets 10 of 50 concurrent calls through a budget with room for 10; logging them frees the holds exactly', async () => {
    const budget = await addBudget()
    const answers = await Promise.all(
      callers(50).map((c) =>
        c.budgets.check.query({ userId: tenant.userId, estimatedCost: ESTIMATE, reserve: true }),
      ),
    )
    const admitted = answers.flatMap((a) => (a.reservation ? [a.reservation.id] : []))
    expect(admitted).toHaveLength(10)
    expect(answers.filter((a) => !a.reservation).map((a) => a.status)).toEqual(Array(40).fill('exceeded'))
    expect((await heldBy(tenant.organizationId)).sort()).toEqual([...admitted].sort())

    // The ten calls are made and logged with their reservation, at their real cost.
    const logged = await client.usage.logBatch.mutate({
      events: admitted.map((id) => ({ ...call, userId: tenant.userId, budgetReservationId: id })),
    })
    const costs = logged.results.map((r) => (r.status === 'stored' ? r.cost : 'not stored'))
    expect(costs).toEqual(Array(10).fill('0.0875'))
    expect(await heldBy(tenant.organizationId)).toEqual([])
    const counter = await db('ai_budgets').where({ id: budget }).first('current_month_usage')
    expect(counter.current_month_usage).toBe('0.875000000000')
    // What the estimates over-held is free again: one more call fits ($0.875 + $0.095 < $1).
    const after = await client.budgets.check.query({ estimatedCost: ESTIMATE, reserve: true })
    expect(after).toMatchObject({ status: 'warning', reservation: { id: expect.any(String) } })
    expect(after.budgets[0]).toMatchObject({ usage: '0.875000', reserved: '0.000000' })
  })

  it('stops counting a reservation when its TTL has passed (the api clock moved)', async () => {
    await addBudget()
    const held = await client.budgets.check.query({
      estimatedCost: '0.95',
      reserve: true,
      reservationTtlSeconds: 60,
    })
    expect(held.reservation?.expiresAt).toBe(new Date(now.getTime() + 60_000).toISOString())
    expect((await client.budgets.check.query({ estimatedCost: ESTIMATE })).status).toBe('exceeded')
    now = new Date(now.getTime() + 59_999)
    expect((await client.budgets.check.query({ estimatedCost: ESTIMATE })).status).toBe('exceeded')
    now = new Date(now.getTime() + 1)
    const later = await client.budgets.check.query({ estimatedCost: ESTIMATE, reserve: true })
    expect(later).toMatchObject({ status: 'ok', reservation: { id: expect.any(String) } })
    expect(later.budgets[0]).toMatchObject({ reserved: '0.000000' })
    // Logging the call after its reservation expired still counts it, and is no error.
    const logged = await client.usage.log.mutate({ ...call, budgetReservationId: held.reservation?.id })
    expect(logged.status).toBe('stored')
  })
})

describe('calls already in flight without reservations', () => {
  // The bound: at most 10 + N calls pass, N being the calls in flight (checked before the
  // first reservation, not reserving) when the burst starts. Each of 5 runs: N such calls are
  // logged while 50 reserving checks race; the overshoot is what passed beyond the room for 10.
  it.each([2, 5])(
    'lets at most 10 + %i through, and never wastes room the in-flight calls left',
    async (n) => {
      const overshoots: number[] = []
      for (let run = 0; run < 5; run++) {
        tenant = await createTenant(db, `In Flight ${n}`)
        const budget = await addBudget()
        const inFlight = callers(n)
        const [answers] = await Promise.all([
          Promise.all(
            callers(50).map((c) => c.budgets.check.query({ estimatedCost: ESTIMATE, reserve: true })),
          ),
          // Calls checked before the burst (no reservation), logged during it at the estimate.
          Promise.all(inFlight.map((c) => c.usage.log.mutate({ ...call, cost: ESTIMATE }))),
        ])
        const admitted = answers.filter((a) => a.reservation).length
        expect(admitted).toBeLessThanOrEqual(10)
        // Room is only ever taken by calls that pass: the in-flight calls logged first leave 10 - n.
        expect(admitted).toBeGreaterThanOrEqual(10 - n)
        const passed = admitted + n
        overshoots.push(passed - 10)
        const counter = await db('ai_budgets').where({ id: budget }).first('current_month_usage')
        const held = await db('budget_reservations')
          .where({ organization_id: tenant.organizationId })
          .first(db.raw('coalesce(sum(amount), 0)::text as total'))
        // Committed spend + holds never exceed the limit by more than the in-flight calls.
        const total = toDecimal(counter.current_month_usage).plus(toDecimal(held.total))
        expect(total.lte(toDecimal('1').plus(toDecimal(ESTIMATE).times(n)))).toBe(true)
      }
      console.info(`in flight ${n}: passed beyond the room for 10, per run: ${overshoots.join(', ')}`)
    },
  )
})
