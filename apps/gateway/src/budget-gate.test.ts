import type { BudgetCheckResult, Tokenledger } from '@tokenledger/sdk'
import { describe, expect, it } from 'vitest'
import { BudgetGate, type GateDecision } from './budget-gate'

/** A Tokenledger whose api answers `status` with `remaining` room, recording checks and releases. */
function fakeLedger(status: BudgetCheckResult['status'], remaining = '1') {
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
            const passes = status === 'ok' || status === 'warning'
            return {
              status,
              message: `budget ${status}`,
              budgets: [{ remaining }],
              reservation: passes && input.reserve ? { id: `r${++next}`, expiresAt: 'later' } : null,
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
    expect([drawn.status, drawn.reservationId, api.checks.length]).toEqual(['ok', null, 2])
    // The lease (0.2) is used up: the next call is asked of the api, which closes the lease.
    passing(await gate.decide(api.ledger, 'tl_k', { userId: 1 }, '0.01'))
    expect(api.checks).toHaveLength(4)
    expect(api.released).toEqual([])
    drawn.ended(true)
    await tick()
    expect(api.flushes()).toBe(1)
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
