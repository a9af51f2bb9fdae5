import { describe, expect, it } from 'vitest'
import { BudgetLease, leaseSize, picoUsd, usdFromPico } from './budget-lease'

const budgets = (...remaining: string[]) => remaining.map((r) => ({ remaining: r }))

describe('picoUsd / usdFromPico', () => {
  it('converts exactly at 12 decimals, both ways', () => {
    expect(picoUsd('0.000000000001')).toBe(1n)
    expect(picoUsd('12.5')).toBe(12_500_000_000_000n)
    expect(picoUsd('3')).toBe(3_000_000_000_000n)
    expect(usdFromPico(picoUsd('0.1') + picoUsd('0.2'))).toBe('0.3')
    expect(usdFromPico(0n)).toBe('0')
    expect(usdFromPico(1n)).toBe('0.000000000001')
  })

  it('refuses what is not a decimal amount', () => {
    expect(() => picoUsd('-1')).toThrow(/not a decimal/)
    expect(() => picoUsd('1e3')).toThrow(/not a decimal/)
    expect(() => usdFromPico(-1n)).toThrow(/never negative/)
  })
})

describe('leaseSize', () => {
  it('is a quarter of the tightest budget’s room', () => {
    expect(leaseSize({ status: 'ok', budgets: budgets('10', '2.5', '7') })).toBe('0.625')
  })

  it('is unlimited when no budget applies, and none when not ok or no room', () => {
    expect(leaseSize({ status: 'ok', budgets: [] })).toBe('unlimited')
    expect(leaseSize({ status: 'warning', budgets: budgets('10') })).toBeNull()
    expect(leaseSize({ status: 'ok', budgets: budgets('0') })).toBeNull()
    // A quarter of 3 picodollars rounds down to nothing.
    expect(leaseSize({ status: 'ok', budgets: budgets('0.000000000003') })).toBeNull()
  })
})

describe('BudgetLease', () => {
  it('lets calls through while their estimates fit, then closes and settles once they ended', () => {
    const settled: string[] = []
    const lease = new BudgetLease('ok', 'r-1', '1', 1_000, (l) => settled.push(l.reservationId as string))
    expect(lease.take('0.4', 0)).toBe(true)
    expect(lease.take('0.6', 0)).toBe(true)
    expect(lease.spent()).toBe('1')
    // Nothing more fits: the lease closes, but two calls are still running.
    expect(lease.take('0.000000000001', 0)).toBe(false)
    expect(lease.isOpen(0)).toBe(false)
    lease.finish()
    expect(settled).toEqual([])
    lease.finish()
    expect(settled).toEqual(['r-1'])
    lease.finish()
    expect(settled).toEqual(['r-1'])
  })

  it('stops letting calls through when it expires, settling at once if nothing runs', () => {
    let settled = 0
    const lease = new BudgetLease('ok', 'r-2', '5', 1_000, () => settled++)
    expect(lease.take('0.1', 999)).toBe(true)
    expect(lease.take('0.1', 1_000)).toBe(false)
    expect(settled).toBe(0)
    lease.finish()
    expect(settled).toBe(1)

    const idle = new BudgetLease('ok', 'r-3', '5', 1_000, () => settled++)
    expect(idle.isOpen(1_000)).toBe(false)
    expect(settled).toBe(2)
  })

  it('bounds nothing but time when no budget applies', () => {
    const lease = new BudgetLease('ok', null, 'unlimited', 1_000)
    expect(lease.take('1000000', 0)).toBe(true)
    expect(lease.take('1000000', 999)).toBe(true)
    expect(lease.take('0', 1_000)).toBe(false)
  })

  it('says whether a call could ever fit, and when half of it is spent', () => {
    const lease = new BudgetLease('ok', 'r-4', '1', 1_000)
    expect([lease.covers('1'), lease.covers('1.000000000001')]).toEqual([true, false])
    expect(lease.take('0.499999999999', 0)).toBe(true)
    expect(lease.halfSpent()).toBe(false)
    expect(lease.take('0.000000000001', 0)).toBe(true)
    expect(lease.halfSpent()).toBe(true)
    // A call that does not fit in what is left could still fit in a lease of this size.
    expect(lease.covers('0.6')).toBe(true)
    const unlimited = new BudgetLease('ok', null, 'unlimited', 1_000)
    expect(unlimited.take('1000000', 0)).toBe(true)
    expect([unlimited.covers('1000000'), unlimited.halfSpent()]).toEqual([true, false])
  })
})
