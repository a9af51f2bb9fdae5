import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient } from '@tokenledger/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { microToUsd } from './helpers'

/** Micro-dollars as PostgreSQL renders the scale-12 cost and counter columns. */
const asStored = (micro: bigint) => `${microToUsd(micro)}000000`

// 50 concurrent clients log small batches for 30 s against one api: no errors, nothing lost or
// duplicated, costs summed exactly (decimal strings, integer micro-dollars), budget counters equal.
const CLIENTS = 50
const DURATION_MS = 30_000
const MAX_BATCHES_PER_CLIENT = 5_000

let db: Db
let api: ApiServer
let tenant: Tenant
const users: number[] = []

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string, { pool: { min: 0, max: 20 } })
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Load')
  users.push(tenant.userId)
  for (let i = 1; i < 5; i++) {
    const [user] = await db('users')
      .insert({ email: `${tenant.slug}-${i}@example.test`, name: `Load ${i}` })
      .returning('id')
    await db('organization_user').insert({
      organization_id: tenant.organizationId,
      user_id: user.id,
      role: 'ic',
    })
    users.push(user.id)
  }
  await db('ai_budgets').insert([
    { organization_id: tenant.organizationId, user_id: null, monthly_limit: null },
    ...users.map((user_id) => ({ organization_id: tenant.organizationId, user_id, monthly_limit: null })),
  ])
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

describe('load', () => {
  it(`${CLIENTS} clients logging for ${DURATION_MS / 1000} s lose and duplicate nothing`, async () => {
    const sent = { events: 0, micro: 0n }
    const perUser = new Map<number | null, bigint>()
    const errors: string[] = []
    const deadline = Date.now() + DURATION_MS
    let seq = 0

    const clientLoop = async (c: number) => {
      const client = createClient({ url: api.url, apiKey: tenant.apiKey })
      for (let b = 0; b < MAX_BATCHES_PER_CLIENT && Date.now() < deadline; b++) {
        const size = 1 + ((c + b) % 5)
        const events = Array.from({ length: size }, () => {
          const n = seq++
          const userId = n % 6 === 5 ? null : (users[n % users.length] as number)
          const micro = BigInt((n * 7919) % 250_000) + 1n
          return { n, userId, micro }
        })
        try {
          const result = await client.usage.logBatch.mutate({
            events: events.map(({ n, userId, micro }) => ({
              provider: 'openai',
              model: 'gpt-4o-mini',
              promptTokens: 100 + (n % 50),
              completionTokens: 10,
              cost: microToUsd(micro),
              idempotencyKey: `load-${n}`,
              category: n % 2 ? 'summarization' : 'classification',
              ...(userId != null ? { userId } : {}),
            })),
          })
          if (result.stored !== size) errors.push(`batch ${c}/${b}: ${JSON.stringify(result.results)}`)
          for (const { userId, micro } of events) {
            sent.events++
            sent.micro += micro
            perUser.set(userId, (perUser.get(userId) ?? 0n) + micro)
          }
        } catch (error) {
          errors.push(`batch ${c}/${b}: ${(error as Error).message}`)
        }
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => clientLoop(c)))

    expect(errors.slice(0, 5)).toEqual([])
    expect(sent.events).toBeGreaterThan(CLIENTS)
    const totals = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .first(
        db.raw('count(*)::int as n'),
        db.raw('count(distinct idempotency_key)::int as keys'),
        db.raw('sum(cost)::text as cost'),
      )
    expect(totals).toEqual({ n: sent.events, keys: sent.events, cost: asStored(sent.micro) })

    const byUser = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .groupBy('user_id')
      .select('user_id', db.raw('sum(cost)::text as cost'))
    expect(Object.fromEntries(byUser.map((r) => [String(r.user_id), r.cost]))).toEqual(
      Object.fromEntries([...perUser].map(([u, m]) => [String(u), asStored(m)])),
    )

    const budgets = await db('ai_budgets')
      .where({ organization_id: tenant.organizationId })
      .select('user_id', db.raw('current_month_usage::text as usage'))
    const expectedBudgets = Object.fromEntries([
      ['null', asStored(sent.micro)],
      ...users.map((u) => [String(u), asStored(perUser.get(u) ?? 0n)]),
    ])
    expect(Object.fromEntries(budgets.map((b) => [String(b.user_id), b.usage]))).toEqual(expectedBudgets)
    console.log(`load: ${sent.events} events from ${CLIENTS} clients, total ${microToUsd(sent.micro)} USD`)
  })
})
