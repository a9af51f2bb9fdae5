import type { BudgetCheckResult, Tokenledger } from '@tokenledger/sdk'
import { describe, expect, it } from 'vitest'
import { BudgetGate, type GateDecision } from './budget-gate'

/**
 * A Tokenledger whose api answers `status` with `remaining` room (no budget at all with
 * `remaining: null`), recording checks and releases. `gate` holds the answers to the checks after
 * the first `gateFrom` (default 0: all of them) until it resolves.
 */
function fakeLedger(
  status: BudgetCheckResult['status'],
  remaining: string | null = '1',
  options: { gate?: Promise<unknown>; gateFrom?: number; fail?: boolean } = {},
) {
  const checks: Array<Record<string, unknown>> = []
  const released: string[] = []
  let flushes = 0
  let next = 0
  const ledger = {
    client: {
      budgets: {
        check: {
          query: async (input: Record<string, unknown>) => {
            checks.push(input)
            if (checks.length > (options.gateFrom ?? 0)) await options.gate
            if (options.fail) throw new Error('api away')
            const passes = status === 'ok' || status === 'warning'
            return {
              status,
              message: `budget ${status}`,
              budgets: remaining === null ? [] : [{ remaining }],
              reservation:
                passes && input.reserve && remaining !== null
                  ? { id: `r${++next}`, expiresAt: 'later' }
                  : null,
            }
          },
        },
        requestOverride: {
          mutate: async () => ({ id: 'o1', confirmationUrl: 'http://admin.test/override/o1' }),
        },
        getOverride: { query: async () => ({ status: 'pending', expired: false }) },
      },
    },
    releaseReservation: async (id: string) => {
      released.push(id)
    },
    flush: async () => {
      flushes++
    },
  } as unknown as Tokenledger
  return { ledger, checks, released, flushes: () => flushes }
}

/** A promise and the function that resolves it. */
function latch() {
  let open = () => {}
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

const passing = (d: GateDecision) => {
  if (!d.pass) throw new Error(`refused: ${d.message}`)
  return d
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('BudgetGate', () => {
  it('reserves the call’s estimate; a call refused before the provider gives it back, a logged one does not', async () => {
    const api = fakeLedger('ok')
    const gate = new BudgetGate({ okCacheMs: 0 })
    const first = passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    const second = passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    expect(api.checks).toEqual([
      { userId: 1, estimatedCost: '0.1', reserve: true },
      { userId: 1, estimatedCost: '0.1', reserve: true },
    ])
    expect([first.reservationId, second.reservationId]).toEqual(['r1', 'r2'])
    first.ended(true)
    second.ended(false)
    second.ended(false)
    expect(api.released).toEqual(['r2'])
  })

  it('checks an unpriced call without holding anything', async () => {
    const api = fakeLedger('ok')
    const decision = passing(await new BudgetGate({ okCacheMs: 0 }).decide(api.ledger, 'tl_k', {}, undefined))
    expect(api.checks).toEqual([{}])
    expect(decision.reservationId).toBeNull()
  })

  it('after an ok, lets calls through on a lease of a quarter of the room, then releases it once sent', async () => {
    const api = fakeLedger('ok', '0.8')
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => 0 })
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.2'))
    await tick()
    expect(api.checks[1]).toEqual({ userId: 1, estimatedCost: '0.2', reserve: true })
    const drawn = passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.2'))
    expect([drawn.status, drawn.reservationId]).toEqual(['ok', null])
    // That draw spent the whole lease (0.2): it was renewed in the background at once…
    expect(api.checks).toHaveLength(3)
    await tick()
    // …so the next call draws on the new lease instead of asking the api.
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.01'))
    expect(api.checks).toHaveLength(3)
    // The first lease (r2) is closed: released once its call ended and the events were sent.
    expect(api.released).toEqual([])
    drawn.ended(true)
    await tick()
    expect(api.flushes()).toBe(1)
    expect(api.released).toEqual(['r2'])
  })

  it('asks the api once for a burst of calls on a key without a lease, not once per call', async () => {
    const answers = latch()
    const api = fakeLedger('ok', null, { gate: answers.promise })
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => 0 })
    const burst = Array.from({ length: 16 }, () => gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    await tick()
    answers.open()
    const decisions = (await Promise.all(burst)).map(passing)
    // No budget applies: the first call's answer is the lease, the others draw on it.
    expect(api.checks).toHaveLength(1)
    expect(decisions.every((d) => d.status === 'ok')).toBe(true)
  })

  it('reopens an expired lease with one request that the calls arriving meanwhile wait for', async () => {
    let now = 0
    const api = fakeLedger('ok', '8')
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => now })
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    await tick()
    expect(api.checks).toHaveLength(2)
    now = 5_000
    const decisions = (
      await Promise.all(
        Array.from({ length: 8 }, () => gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1')),
      )
    ).map(passing)
    expect(api.checks).toHaveLength(3)
    expect(api.checks[2]).toEqual({ userId: 1, estimatedCost: '2', reserve: true })
    expect(decisions.map((d) => d.reservationId)).toEqual(Array(8).fill(null))
  })

  it('renews a lease that ran dry; calls that find it dry wait for the renewal instead of asking', async () => {
    const api = fakeLedger('ok', '0.8')
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => 0 })
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    await tick()
    // Leases of 0.2 (two calls each) for five calls at once.
    const calls = Array.from({ length: 5 }, () => gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    const decisions = (await Promise.all(calls)).map(passing)
    expect(decisions.map((d) => d.reservationId)).toEqual(Array(5).fill(null))
    // Besides the first check and lease, only lease requests (one per lease), never a call's own check.
    expect(api.checks.slice(1).every((c) => c.estimatedCost === '0.2')).toBe(true)
    expect(api.checks.length - 2).toBeLessThan(5)
  })

  it('asks for itself when a call cannot fit in a lease of that size', async () => {
    const api = fakeLedger('ok', '0.4')
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => 0 })
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.01'))
    await tick()
    const big = passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.3'))
    expect(big.reservationId).toBe('r3')
    expect(api.checks[2]).toEqual({ userId: 1, estimatedCost: '0.3', reserve: true })
  })

  it('fails open once for a burst while the api is away, and remembers it', async () => {
    const errors: unknown[] = []
    const api = fakeLedger('ok', '1', { fail: true })
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => 0, onError: (e) => errors.push(e) })
    const decisions = (
      await Promise.all(Array.from({ length: 4 }, () => gate.decide(api.ledger, 'tl_k', {}, '0.1')))
    ).map(passing)
    expect(decisions.map((d) => d.status)).toEqual(Array(4).fill('unchecked'))
    expect(api.checks).toHaveLength(1)
    expect(errors).toHaveLength(1)
  })

  it('keeps drawing on the open lease when its renewal fails', async () => {
    const answers = latch()
    let failing = false
    const api = fakeLedger('ok', '0.8', { gate: answers.promise, gateFrom: 2 })
    const query = api.ledger.client.budgets.check.query
    api.ledger.client.budgets.check.query = (async (...args: Parameters<typeof query>) => {
      const answer = await query(...args)
      if (failing) throw new Error('api away')
      return answer
    }) as typeof query
    const errors: unknown[] = []
    const gate = new BudgetGate({ okCacheMs: 1_000, now: () => 0, onError: (e) => errors.push(e) })
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    await tick()
    // Half of the 0.2 lease spent: a renewal goes out, and fails.
    failing = true
    expect(passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1')).status).toBe('ok')
    expect(api.checks).toHaveLength(3)
    answers.open()
    await tick()
    await tick()
    // The lease still has room for one more call: drawn on it, not let through unchecked.
    const next = passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.1'))
    expect([next.status, errors.length]).toEqual(['ok', 0])
  })

  it('on close, releases the open leases once their calls ended', async () => {
    const api = fakeLedger('ok', '0.8')
    const gate = new BudgetGate({ okCacheMs: 60_000, now: () => 0 })
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.01'))
    await tick()
    const running = passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.01'))
    let closed = false
    const closing = gate.close(5_000).then(() => {
      closed = true
    })
    await tick()
    // The lease (r2) waits for its running call; r1, the first call's own hold, is its event's to release.
    expect([api.released, closed]).toEqual([[], false])
    running.ended(true)
    await closing
    expect(api.released).toEqual(['r2'])
    expect(api.flushes()).toBe(1)
    // Closed: the next call asks for itself and opens no lease.
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.01'))
    await tick()
    expect(api.checks).toHaveLength(3)
  })

  it('on close, gives back a lease whose request answers after it', async () => {
    const answers = latch()
    const api = fakeLedger('ok', '0.8', { gate: answers.promise, gateFrom: 1 })
    const gate = new BudgetGate({ okCacheMs: 60_000, now: () => 0 })
    passing(await gate.decide(api.ledger, 'tl_k', {}, '0.01'))
    expect(api.checks).toHaveLength(2)
    const closing = gate.close(5_000)
    answers.open()
    await closing
    expect(api.released).toEqual(['r2'])
  })

  it('answers 403 to a blocked budget and 402 to an exceeded one', async () => {
    const blocked = fakeLedger('blocked')
    const decision = await new BudgetGate().decide(blocked.ledger, 'tl_k', { userId: 1 }, '0.1')
    expect(decision).toMatchObject({ pass: false, httpStatus: 403, type: 'budget_blocked' })
    const exceeded = fakeLedger('exceeded')
    expect(await new BudgetGate().decide(exceeded.ledger, 'tl_k', { userId: 1 }, '0.1')).toMatchObject({
      pass: false,
      httpStatus: 402,
    })
  })
})
