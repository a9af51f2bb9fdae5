import type { UsageEventInput } from '@tokenledger/contract'
import { describe, expect, it } from 'vitest'
import type { CallContext } from '../tracking/call-context'
import type { BudgetCheckResult } from './budget-errors'
import { BudgetGuard, type GuardHost } from './budget-guard'
import { BudgetLease } from './budget-lease'
import { leasePass, reservedPass, withPass } from './budget-pass'
import { guardedCall } from './wrapper-budgets'

const reserving = (id: string | null) =>
  ({
    status: 'ok',
    message: 'ok',
    budgets: [],
    reservation: id ? { id, expiresAt: 'later' } : null,
  }) as unknown as BudgetCheckResult

function context() {
  const events: UsageEventInput[] = []
  const ctx: CallContext = {
    log: (event) => events.push(event),
    attribution: {},
    fields: { budgetOverrideId: '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11' },
  }
  return { ctx, events }
}
const event = { provider: 'openai', model: 'gpt-4o' } as UsageEventInput

describe('withPass', () => {
  it('sends the reservation with the event, beside the other fields, and ends the pass as logged', () => {
    const released: string[] = []
    const pass = reservedPass({ releaseReservation: async (id) => void released.push(id) }, reserving('r1'))
    const { ctx, events } = context()
    const wrapped = withPass(ctx, pass)
    expect(wrapped.fields).toEqual({
      budgetOverrideId: '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11',
      budgetReservationId: 'r1',
    })
    wrapped.log(event)
    expect(events).toEqual([event])
    pass.ended(false)
    expect(released).toEqual([])
  })

  it('ends a lease draw when the call is logged, freeing the lease to settle', () => {
    let settled = 0
    const lease = new BudgetLease(reserving(null), 'lease-1', '1', 1_000, () => settled++)
    lease.take('0.5', 0)
    const { ctx } = context()
    const wrapped = withPass(ctx, leasePass(lease))
    expect(wrapped.fields).toEqual(ctx.fields)
    lease.close()
    expect(settled).toBe(0)
    wrapped.log(event)
    expect(settled).toBe(1)
  })

  it('leaves the context as it is without a pass', () => {
    const { ctx } = context()
    expect(withPass(ctx, null)).toBe(ctx)
  })
})

describe('guardedCall', () => {
  it('gives the hold back when the request throws before anything is logged', async () => {
    const released: string[] = []
    const host: GuardHost = {
      queryBudget: async () => reserving('r9'),
      checkBudget: async () => null,
      requestOverride: async () => null,
      overrideUsable: async () => false,
      releaseReservation: async (id) => void released.push(id),
    }
    const guard = new BudgetGuard(host, { budgetCacheTtlMs: 0 })
    const request = { provider: 'openai', model: 'gpt-4o', body: {} }
    const result = guardedCall(guard, {}, { estimatedCost: '0.1' }, request, () => {
      throw new Error('the client refused the options')
    })
    await expect(Promise.resolve(result)).rejects.toThrow('refused the options')
    expect(released).toEqual(['r9'])
  })
})
