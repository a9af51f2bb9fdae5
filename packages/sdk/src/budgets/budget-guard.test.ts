import { describe, expect, it } from 'vitest'
import { BudgetCheckFailedError, TokenledgerConfigError, type TokenledgerError } from '../errors'
import { BudgetBlocked, type BudgetCheckResult, BudgetConfirmationRequired } from './budget-errors'
import { BudgetGuard, type GuardHost, releaseLeases, validateCallBudget } from './budget-guard'
import { picoUsd, usdFromPico } from './budget-lease'

type Status = BudgetCheckResult['status']

/**
 * A host answering like the api with one budget: `limit` of room, minus what is held by
 * reservations; `status` forces an answer instead. Records what it was asked and released.
 */
function fakeApi(options: { limit?: string | null; status?: Status | Error; usableOverride?: string } = {}) {
  const held = new Map<string, bigint>()
  const asked: Array<{ userId?: number; estimatedCost?: string; reserve: boolean }> = []
  const released: string[] = []
  const errors: TokenledgerError[] = []
  let flushes = 0
  let next = 0
  const limit = options.limit === undefined ? '1' : options.limit
  const host: GuardHost = {
    queryBudget: async (attribution, estimatedCost, query) => {
      asked.push({ userId: attribution.userId, estimatedCost, reserve: query?.reserve === true })
      if (options.status instanceof Error) throw options.status
      const cost = estimatedCost ? picoUsd(estimatedCost) : 0n
      const taken = [...held.values()].reduce((a, b) => a + b, 0n)
      const room = limit === null ? null : picoUsd(limit) - taken - cost
      const status = options.status ?? (room === null || room >= 0n ? 'ok' : 'exceeded')
      const passes = status === 'ok' || status === 'warning'
      const reservation = passes && query?.reserve ? { id: `r${++next}`, expiresAt: 'later' } : null
      if (reservation) held.set(reservation.id, cost)
      return {
        status,
        message: `budget ${status}`,
        budgets: room === null ? [] : [{ remaining: usdFromPico(room > 0n ? room : 0n) }],
        reservation,
      } as unknown as BudgetCheckResult
    },
    checkBudget: async () => {
      throw new Error('the guard asks queryBudget')
    },
    requestOverride: async () => ({ id: 'request-1' }) as never,
    overrideUsable: async (id) => id === options.usableOverride,
    releaseReservation: async (id) => {
      released.push(id)
      held.delete(id)
    },
    flush: async () => {
      flushes++
    },
    reportError: (error) => errors.push(error),
  }
  return { host, asked, released, errors, held, flushes: () => flushes }
}

function fakeClock() {
  let t = 0
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

/** Lets the guard's background lease request finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('BudgetGuard with a cache ttl of 0', () => {
  it('reserves every call’s estimate; a call that is never logged gives it back', async () => {
    const api = fakeApi()
    const guard = new BudgetGuard(api.host, { budgetCacheTtlMs: 0, now: fakeClock().now })
    const first = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.25' })
    const second = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.25' })
    expect(api.asked).toEqual([
      { userId: 1, estimatedCost: '0.25', reserve: true },
      { userId: 1, estimatedCost: '0.25', reserve: true },
    ])
    expect([first.reservationId, second.reservationId]).toEqual(['r1', 'r2'])
    first.ended(true)
    second.ended(false)
    second.ended(false)
    expect(api.released).toEqual(['r2'])
  })

  it('stops the call past the room the others hold: concurrent calls never pass the limit together', async () => {
    const api = fakeApi({ limit: '1' })
    const guard = new BudgetGuard(api.host, { budgetCacheTtlMs: 0, now: fakeClock().now })
    const calls = await Promise.allSettled(
      Array.from({ length: 6 }, () => guard.beforeCall({ userId: 1 }, { estimatedCost: '0.3' })),
    )
    expect(calls.filter((c) => c.status === 'fulfilled')).toHaveLength(3)
    const stopped = calls.filter((c) => c.status === 'rejected')
    expect(stopped.every((c) => c.reason instanceof BudgetConfirmationRequired)).toBe(true)
  })
})

describe('BudgetGuard lease (the cached ok)', () => {
  it('after an ok, reserves a quarter of the room and lets calls through on it without asking', async () => {
    const api = fakeApi({ limit: '1' })
    const guard = new BudgetGuard(api.host, { budgetCacheTtlMs: 1_000, now: fakeClock().now })
    const first = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.2' })
    expect(first.reservationId).toBe('r1')
    await settle()
    // Room after the first call: 0.8, so the lease holds 0.2.
    expect(api.asked[1]).toEqual({ userId: 1, estimatedCost: '0.2', reserve: true })
    const drawn = await Promise.all([
      guard.beforeCall({ userId: 1 }, { estimatedCost: '0.1' }),
      guard.beforeCall({ userId: 1 }, { estimatedCost: '0.1' }),
    ])
    expect(api.asked).toHaveLength(2)
    expect(drawn.map((p) => [p.check?.status, p.reservationId])).toEqual([
      ['ok', null],
      ['ok', null],
    ])
    // Another user's calls do not draw on this lease.
    await guard.beforeCall({ userId: 2 }, { estimatedCost: '0.1' })
    expect(api.asked[2]).toMatchObject({ userId: 2, estimatedCost: '0.1' })
  })

  it('asks again once the lease is used up; the old lease is released after its calls ended and were sent', async () => {
    const api = fakeApi({ limit: '1' })
    const guard = new BudgetGuard(api.host, { budgetCacheTtlMs: 1_000, now: fakeClock().now })
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.2' })
    await settle()
    const underLease = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.2' })
    expect(api.asked).toHaveLength(2)
    // 0.2 of the lease's 0.2 is spent: the next call is asked of the api, with its own reservation.
    const own = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.05' })
    expect(own.reservationId).toBe('r3')
    expect(api.released).toEqual([])
    underLease.ended(true)
    await settle()
    expect(api.flushes()).toBe(1)
    expect(api.released).toEqual(['r2'])
  })

  it('lets nothing through on a lease once the ttl passed', async () => {
    const api = fakeApi({ limit: '100' })
    const clock = fakeClock()
    const guard = new BudgetGuard(api.host, { budgetCacheTtlMs: 1_000, now: clock.now })
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    await settle()
    clock.advance(999)
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    expect(api.asked).toHaveLength(2)
    clock.advance(1)
    const after = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    expect(api.asked[2]).toMatchObject({ estimatedCost: '0.01', reserve: true })
    expect(after.reservationId).not.toBeNull()
  })

  it('never takes a lease near a limit: a warning, or a lease that would not be ok, asks every call', async () => {
    const warning = fakeApi({ status: 'warning' })
    const guard = new BudgetGuard(warning.host, { now: fakeClock().now })
    expect((await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })).check?.status).toBe('warning')
    await settle()
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    expect(warning.asked.map((a) => a.estimatedCost)).toEqual(['0.01', '0.01'])
  })

  it('holds nothing when no budget applies: only the ttl bounds the lease', async () => {
    const api = fakeApi({ limit: null })
    const guard = new BudgetGuard(api.host, { now: fakeClock().now })
    await guard.beforeCall({ userId: 1 }, {})
    await guard.beforeCall({ userId: 1 }, {})
    await settle()
    // One check, and no lease request: there is no room to reserve a share of.
    expect(api.asked).toHaveLength(1)
  })

  it('lets a burst on a cold cache reserve call by call, and takes one lease', async () => {
    const api = fakeApi({ limit: '10' })
    const guard = new BudgetGuard(api.host, { now: fakeClock().now })
    await Promise.all(
      Array.from({ length: 4 }, () => guard.beforeCall({ userId: 1 }, { estimatedCost: '0.1' })),
    )
    await settle()
    const leases = api.asked.filter((a) => a.estimatedCost !== '0.1')
    expect(leases).toHaveLength(1)
    expect(api.asked.length).toBeLessThanOrEqual(5)
  })

  it('asks the api for a call it cannot estimate: a lease bounds estimates, not unknowns', async () => {
    const api = fakeApi({ limit: '10' })
    const guard = new BudgetGuard(api.host, { now: fakeClock().now })
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.1' })
    await settle()
    await guard.beforeCall({ userId: 1 }, {}, async () => null)
    await guard.beforeCall({ userId: 1 }, {}, async () => {
      throw new Error('tokenizer failed to load')
    })
    expect(api.asked.slice(2).map((a) => a.estimatedCost)).toEqual([undefined, undefined])
  })

  it('estimates once per call, only when the caller gives no cost', async () => {
    const api = fakeApi({ limit: '10' })
    const guard = new BudgetGuard(api.host, { now: fakeClock().now })
    let estimates = 0
    const estimate = async () => {
      estimates++
      return '0.5'
    }
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.25' }, estimate)
    expect(estimates).toBe(0)
    await guard.beforeCall({ userId: 2 }, {}, estimate)
    await settle()
    await guard.beforeCall({ userId: 2 }, {}, estimate)
    expect(estimates).toBe(2)
    // User 2: its first call's own estimate, then its lease (a quarter of 10 - 0.25 - 2.4375 - 0.5).
    expect(api.asked.filter((a) => a.userId === 2).map((a) => a.estimatedCost)).toEqual(['0.5', '1.703125'])
  })

  it('on release (shutdown), gives back the open lease once its calls ended and were sent; opens none after', async () => {
    const api = fakeApi({ limit: '1' })
    const guard = new BudgetGuard(api.host, { budgetCacheTtlMs: 60_000, now: fakeClock().now })
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    await settle()
    const running = await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    let released = false
    const releasing = guard.release(5_000).then(() => {
      released = true
    })
    await settle()
    // The lease (r2) waits for its running call; r1, the first call's own hold, is its event's to release.
    expect([api.released, released]).toEqual([[], false])
    running.ended(true)
    await releasing
    expect(api.released).toEqual(['r2'])
    expect(api.flushes()).toBe(1)
    // Released: the next call reserves for itself, and no lease is asked for.
    expect((await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })).reservationId).toBe('r3')
    await settle()
    expect(api.asked).toHaveLength(3)
  })

  it('releaseLeases(tokenledger) gives back the leases of every guard enforcing through it', async () => {
    const api = fakeApi({ limit: '1' })
    const openai = new BudgetGuard(api.host, { budgetCacheTtlMs: 60_000 })
    const middleware = new BudgetGuard(api.host, { budgetCacheTtlMs: 60_000 })
    await openai.beforeCall({ userId: 1 }, { estimatedCost: '0.01' })
    await middleware.beforeCall({ userId: 2 }, { estimatedCost: '0.01' })
    await settle()
    // Two calls' own holds (0.01 each) and two leases (a quarter of the room each).
    const leases = [...api.held].filter(([, amount]) => amount > picoUsd('0.01')).map(([id]) => id)
    expect([api.held.size, leases.length]).toEqual([4, 2])
    await releaseLeases(api.host, 5_000)
    // The calls' own holds are their events' to release.
    expect(api.released.sort()).toEqual(leases.sort())
  })
})

describe('BudgetGuard refusals and failures', () => {
  it('throws the builder errors and gives back what a refused check held; a usable override goes ahead', async () => {
    const override = '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11'
    const exceeded = fakeApi({ limit: '0.01', usableOverride: override })
    const guard = new BudgetGuard(exceeded.host, { now: fakeClock().now })
    const stopped = await guard.beforeCall({ userId: 1 }, { estimatedCost: '1' }).catch((e: unknown) => e)
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    expect((stopped as BudgetConfirmationRequired).request).toEqual({ id: 'request-1' })
    const passed = await guard.beforeCall({ userId: 1 }, { estimatedCost: '1', budgetOverride: override })
    expect(passed.check?.status).toBe('exceeded')

    // An api that held something for a check it then refuses (a warning turned blocked): released.
    const blocked = fakeApi({ status: 'blocked' })
    const reserving = blocked.host.queryBudget as NonNullable<GuardHost['queryBudget']>
    blocked.host.queryBudget = async (...args) => ({
      ...(await reserving(...args)),
      reservation: { id: 'r-held', expiresAt: 'later' },
    })
    const guard2 = new BudgetGuard(blocked.host, { now: fakeClock().now })
    await expect(guard2.beforeCall({ userId: 1 }, {})).rejects.toBeInstanceOf(BudgetBlocked)
    expect(blocked.released).toEqual(['r-held'])
  })

  it('fails open by default: the call goes ahead holding nothing and onError hears of it', async () => {
    const api = fakeApi({ status: new Error('ECONNREFUSED') })
    const guard = new BudgetGuard(api.host, { now: fakeClock().now })
    const pass = await guard.beforeCall({ userId: 1 }, {})
    expect([pass.check, pass.reservationId]).toEqual([null, null])
    expect(api.errors).toHaveLength(1)
    expect(api.errors[0]).toBeInstanceOf(BudgetCheckFailedError)
    expect((api.errors[0] as BudgetCheckFailedError).failedClosed).toBe(false)
  })

  it('fails closed when asked: throws BudgetCheckFailedError and caches nothing', async () => {
    const api = fakeApi({ status: new Error('timeout') })
    const guard = new BudgetGuard(api.host, { budgetFailMode: 'closed', now: fakeClock().now })
    const thrown = await guard.beforeCall({ userId: 1 }, {}).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(BudgetCheckFailedError)
    expect((thrown as BudgetCheckFailedError).failedClosed).toBe(true)
    expect((thrown as Error).message).toMatch(/not made/)
    await guard.beforeCall({ userId: 1 }, {}).catch(() => {})
    expect(api.asked).toHaveLength(2)
    expect(api.errors).toEqual([])
  })

  it('refuses bad settings', () => {
    const { host } = fakeApi()
    expect(() => new BudgetGuard(host, { budgetCacheTtlMs: -1 })).toThrow(TokenledgerConfigError)
    expect(() => new BudgetGuard(host, { budgetFailMode: 'maybe' as 'open' })).toThrow(TokenledgerConfigError)
    expect(() => validateCallBudget({ estimatedCost: '$2' })).toThrow(/decimal string/)
    expect(() => validateCallBudget({ budgetOverride: 'abc' })).toThrow(/UUID/)
    expect(() =>
      validateCallBudget({ estimatedCost: '0.02', budgetOverride: '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11' }),
    ).not.toThrow()
  })
})
