import { addUtcDays, utcDay } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import {
  carryOutRepriceRun,
  claimRepriceRun,
  findRepriceRun,
  REPRICE_STALE_AFTER_MS,
  repriceRunsWaiting,
  requestReprice,
} from './reprice-runs'
import { countCallsToReprice, repriceUsage } from './reprice-usage'

// The admin's reprice requests against real Postgres: one per model, claimed, carried out, retaken.
let db: Db
let tenant: Tenant
const now = new Date()
const today = utcDay(now)
const since = addUtcDays(today, -3)
const model = `runs-${Date.now()}`

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Reprice runs')
  const base = { organization_id: tenant.organizationId, provider: 'acme', model, prompt_tokens: 1000 }
  await db('ai_usage_logs').insert([
    { ...base, completion_tokens: 500, created_at: `${addUtcDays(today, -5)}T10:00:00Z` },
    { ...base, completion_tokens: 500, created_at: `${since}T10:00:00Z` },
    { ...base, completion_tokens: 0, created_at: `${addUtcDays(today, -1)}T10:00:00Z` },
    { ...base, completion_tokens: 0, created_at: `${today}T00:00:01Z` },
    // The caller's own cost is never repriced, nor counted.
    { ...base, completion_tokens: 0, cost: '0.5', cost_source: 'caller', created_at: `${today}T00:00:02Z` },
  ])
})
afterAll(async () => {
  await db('reprice_runs').where({ model }).delete()
  await db('organizations').where({ id: tenant.organizationId }).delete()
  await db('model_prices').where({ model }).delete()
  await db.destroy()
})

describe('reprice runs', () => {
  it('counts the calls a reprice would look at, caller-supplied costs left out', async () => {
    expect(await countCallsToReprice(db, { model, from: since, to: today })).toBe(3)
    expect(await countCallsToReprice(db, { model, from: addUtcDays(today, -9), to: today })).toBe(4)
    expect(await countCallsToReprice(db, { model: 'no-such-model', from: since, to: today })).toBe(0)
  })

  it('refuses bad requests with a clear message', async () => {
    await expect(requestReprice(db, { model, from: '2026-02-30', to: today })).rejects.toThrow(/calendar day/)
    await expect(requestReprice(db, { model, from: today, to: since })).rejects.toThrow(/after/)
    await expect(requestReprice(db, { model: ' ', from: since, to: today })).rejects.toThrow(/model/)
  })

  it('queues one reprice per model at a time, and a worker carries it out with its progress', async () => {
    await db('model_prices').insert({
      provider: 'acme',
      model,
      input_mtok: '2',
      output_mtok: '4',
      effective_from: `${since}T00:00:00Z`,
    })
    const first = await requestReprice(db, { model, from: since, to: today, requestedBy: tenant.userId })
    expect(first).toMatchObject({ ok: true, run: { status: 'queued', total: null, done: 0 } })
    const second = await requestReprice(db, { model, from: since, to: today })
    expect(second).toMatchObject({ ok: false, reason: 'already-active' })
    if (!first.ok || second.ok) throw new Error('unreachable')
    expect(second.run.id).toBe(first.run.id)
    expect(await repriceRunsWaiting(db, now)).toBe(true)

    const claimed = await claimRepriceRun(db, now)
    expect(claimed).toMatchObject({ id: first.run.id, status: 'running', attempts: 1 })
    // Claimed and beating: no other worker takes it.
    expect(await claimRepriceRun(db, now)).toBeNull()
    const ended = await carryOutRepriceRun(db, claimed as NonNullable<typeof claimed>, { chunkSize: 2 })
    // 1000 in + 500 out at $2/$4 per million = $0.004; 1000 in alone = $0.002 (twice).
    expect(ended).toMatchObject({
      status: 'finished',
      total: 3,
      done: 3,
      changed: 3,
      newlyPriced: 3,
      stillUnpriced: 0,
      costBefore: '0.000000000000',
      costAfter: '0.008000000000',
      error: null,
    })
    expect(ended.finishedAt).toBeInstanceOf(Date)
    const costs = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .orderBy('created_at')
      .select(db.raw('cost::text as cost'))
    expect(costs.map((r: { cost: string | null }) => r.cost)).toEqual([
      null,
      '0.004000000000',
      '0.002000000000',
      '0.002000000000',
      '0.500000000000',
    ])
    // Finished: the model may be repriced again.
    const again = await requestReprice(db, { model, from: since, to: today })
    expect(again.ok).toBe(true)
    if (again.ok) await db('reprice_runs').where({ id: again.run.id }).delete()
  })

  it('a run whose worker died is taken over and redone without changing anything twice', async () => {
    const request = await requestReprice(db, { model, from: addUtcDays(today, -9), to: today })
    if (!request.ok) throw new Error('expected a queued run')
    const claimed = await claimRepriceRun(db, now)
    expect(claimed?.id).toBe(request.run.id)
    // The worker stops beating (killed): until the stale time passes the run stays with it.
    expect(await claimRepriceRun(db, new Date(now.getTime() + REPRICE_STALE_AFTER_MS - 1000))).toBeNull()
    const later = new Date(now.getTime() + REPRICE_STALE_AFTER_MS + 1000)
    expect(await repriceRunsWaiting(db, later)).toBe(true)
    const retaken = await claimRepriceRun(db, later)
    expect(retaken).toMatchObject({ id: request.run.id, attempts: 2, status: 'running' })
    const ended = await carryOutRepriceRun(db, retaken as NonNullable<typeof retaken>)
    // The three calls priced by the first run are left alone; only the old unpriced one stays unpriced
    // (no price was in effect on its day).
    expect(ended).toMatchObject({ status: 'finished', total: 4, done: 4, changed: 0, stillUnpriced: 1 })
    expect(await repriceRunsWaiting(db, later)).toBe(false)
  })

  it('stops between chunks when a shutting-down worker aborts, and puts the run back in the queue', async () => {
    // The engine: the chunk under way commits, the next one does not start.
    const controller = new AbortController()
    const seen: number[] = []
    await expect(
      repriceUsage(db, {
        model,
        from: since,
        to: today,
        chunkSize: 1,
        signal: controller.signal,
        onProgress: ({ done }) => {
          seen.push(done)
          controller.abort(new Error('worker stopping'))
        },
      }),
    ).rejects.toThrow('worker stopping')
    expect(seen).toEqual([1])

    const request = await requestReprice(db, { model, from: since, to: today })
    if (!request.ok) throw new Error('expected a queued run')
    const claimed = await claimRepriceRun(db, now)
    const stopped = new AbortController()
    stopped.abort(new Error('worker stopping'))
    const ended = await carryOutRepriceRun(db, claimed as NonNullable<typeof claimed>, {
      signal: stopped.signal,
    })
    expect(ended).toMatchObject({ id: request.run.id, status: 'queued', error: null, attempts: 1 })
    // The next worker takes it at once, not after the stale time.
    expect(await claimRepriceRun(db, now)).toMatchObject({ id: request.run.id, attempts: 2 })
    const done = await carryOutRepriceRun(
      db,
      (await findRepriceRun(db, request.run.id)) as NonNullable<typeof claimed>,
    )
    expect(done).toMatchObject({ status: 'finished', changed: 0 })
  })

  it('records a failure with its message, and frees the model', async () => {
    const request = await requestReprice(db, { model, from: since, to: today })
    if (!request.ok) throw new Error('expected a queued run')
    const claimed = await claimRepriceRun(db, now)
    const ended = await carryOutRepriceRun(db, claimed as NonNullable<typeof claimed>, { chunkSize: 0 })
    expect(ended).toMatchObject({ status: 'failed', error: 'chunkSize must be a positive integer' })
    expect(await findRepriceRun(db, request.run.id)).toMatchObject({ status: 'failed' })
    expect((await requestReprice(db, { model, from: since, to: today })).ok).toBe(true)
  })
})
