import { describe, expect, it } from 'vitest'
import { BudgetCheckFailedError, TokenledgerConfigError, type TokenledgerError } from '../errors'
import { BudgetBlocked, type BudgetCheckResult, BudgetConfirmationRequired } from './budget-errors'
import { BudgetGuard, type GuardHost, validateCallBudget } from './budget-guard'

const result = (status: BudgetCheckResult['status']) =>
  ({ status, message: `budget ${status}`, budgets: [] }) as unknown as BudgetCheckResult

/** A host answering `status` (or failing), recording what it was asked. */
function fakeHost(answer: BudgetCheckResult['status'] | Error, usableOverride = 'none') {
  const asked: Array<{ userId?: number; estimatedCost?: string }> = []
  const errors: TokenledgerError[] = []
  const host: GuardHost = {
    queryBudget: async (attribution, estimatedCost) => {
      asked.push({ userId: attribution.userId, estimatedCost })
      if (answer instanceof Error) throw answer
      return result(answer)
    },
    checkBudget: async () => {
      throw new Error('the guard asks queryBudget')
    },
    requestOverride: async () => ({ id: 'request-1' }) as never,
    overrideUsable: async (id) => id === usableOverride,
    reportError: (error) => errors.push(error),
  }
  return { host, asked, errors }
}

function fakeClock() {
  let t = 0
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('BudgetGuard', () => {
  it('reuses an ok check for the same scope until the ttl passes', async () => {
    const { host, asked } = fakeHost('ok')
    const clock = fakeClock()
    const guard = new BudgetGuard(host, { budgetCacheTtlMs: 1_000, now: clock.now })
    await guard.beforeCall({ userId: 1 }, {})
    clock.advance(999)
    await guard.beforeCall({ userId: 1 }, {})
    expect(asked).toHaveLength(1)
    await guard.beforeCall({ userId: 2 }, {})
    expect(asked).toHaveLength(2)
    clock.advance(1)
    await guard.beforeCall({ userId: 1 }, {})
    expect(asked).toHaveLength(3)
  })

  it('lets a burst of calls on a cold cache share one ok check (not with a ttl of 0)', async () => {
    const shared = fakeHost('ok')
    const guard = new BudgetGuard(shared.host, { now: fakeClock().now })
    const burst = await Promise.all(Array.from({ length: 5 }, () => guard.beforeCall({ userId: 1 }, {})))
    expect(burst.map((c) => c?.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok'])
    expect(shared.asked).toHaveLength(1)

    const uncached = fakeHost('ok')
    const every = new BudgetGuard(uncached.host, { budgetCacheTtlMs: 0, now: fakeClock().now })
    await Promise.all(Array.from({ length: 5 }, () => every.beforeCall({ userId: 1 }, {})))
    expect(uncached.asked).toHaveLength(5)
  })

  it('does not share a check under way that is not ok: each call asks for itself', async () => {
    const { host, asked } = fakeHost('blocked')
    const guard = new BudgetGuard(host, { now: fakeClock().now })
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, () => guard.beforeCall({ userId: 1 }, {})),
    )
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof BudgetBlocked)).toBe(true)
    expect(asked).toHaveLength(3)
  })

  it('asks again every call while a budget is at its warning threshold', async () => {
    const { host, asked } = fakeHost('warning')
    const guard = new BudgetGuard(host, { now: fakeClock().now })
    expect((await guard.beforeCall({ userId: 1 }, {}))?.status).toBe('warning')
    await guard.beforeCall({ userId: 1 }, {})
    expect(asked).toHaveLength(2)
  })

  it('estimates the cost only when the caller gives none and no cached ok answers', async () => {
    const { host, asked } = fakeHost('ok')
    const guard = new BudgetGuard(host, { now: fakeClock().now })
    let estimates = 0
    const estimate = async () => {
      estimates++
      return '0.5'
    }
    await guard.beforeCall({ userId: 1 }, { estimatedCost: '0.25' }, estimate)
    expect(estimates).toBe(0)
    await guard.beforeCall({ userId: 2 }, {}, estimate)
    await guard.beforeCall({ userId: 2 }, {}, estimate)
    expect(estimates).toBe(1)
    expect(asked.map((a) => a.estimatedCost)).toEqual(['0.25', '0.5'])
  })

  it('checks without an estimate when it cannot be made', async () => {
    const { host, asked } = fakeHost('ok')
    const guard = new BudgetGuard(host, { now: fakeClock().now })
    await guard.beforeCall({ userId: 1 }, {}, async () => null)
    await guard.beforeCall({ userId: 2 }, {}, async () => {
      throw new Error('tokenizer failed to load')
    })
    expect(asked.map((a) => a.estimatedCost)).toEqual([undefined, undefined])
  })

  it('throws the builder errors: confirmation with its request, blocked; a usable override goes ahead', async () => {
    const exceeded = fakeHost('exceeded', '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11')
    const guard = new BudgetGuard(exceeded.host, { now: fakeClock().now })
    const stopped = await guard.beforeCall({ userId: 1 }, {}).catch((e: unknown) => e)
    expect(stopped).toBeInstanceOf(BudgetConfirmationRequired)
    expect((stopped as BudgetConfirmationRequired).request).toEqual({ id: 'request-1' })
    const passed = await guard.beforeCall(
      { userId: 1 },
      { budgetOverride: '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11' },
    )
    expect(passed?.status).toBe('exceeded')

    const blocked = new BudgetGuard(fakeHost('blocked').host, { now: fakeClock().now })
    await expect(blocked.beforeCall({ userId: 1 }, {})).rejects.toBeInstanceOf(BudgetBlocked)
  })

  it('fails open by default: the call goes ahead and onError hears of it', async () => {
    const { host, errors } = fakeHost(new Error('ECONNREFUSED'))
    const guard = new BudgetGuard(host, { now: fakeClock().now })
    expect(await guard.beforeCall({ userId: 1 }, {})).toBeNull()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(BudgetCheckFailedError)
    expect((errors[0] as BudgetCheckFailedError).failedClosed).toBe(false)
  })

  it('fails closed when asked: throws BudgetCheckFailedError and caches nothing', async () => {
    const { host, asked, errors } = fakeHost(new Error('timeout'))
    const guard = new BudgetGuard(host, { budgetFailMode: 'closed', now: fakeClock().now })
    const thrown = await guard.beforeCall({ userId: 1 }, {}).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(BudgetCheckFailedError)
    expect((thrown as BudgetCheckFailedError).failedClosed).toBe(true)
    expect((thrown as Error).message).toMatch(/not made/)
    await guard.beforeCall({ userId: 1 }, {}).catch(() => {})
    expect(asked).toHaveLength(2)
    expect(errors).toEqual([])
  })

  it('refuses bad settings', () => {
    const { host } = fakeHost('ok')
    expect(() => new BudgetGuard(host, { budgetCacheTtlMs: -1 })).toThrow(TokenledgerConfigError)
    expect(() => new BudgetGuard(host, { budgetFailMode: 'maybe' as 'open' })).toThrow(TokenledgerConfigError)
    expect(() => validateCallBudget({ estimatedCost: '$2' })).toThrow(/decimal string/)
    expect(() => validateCallBudget({ budgetOverride: 'abc' })).toThrow(/UUID/)
    expect(() =>
      validateCallBudget({ estimatedCost: '0.02', budgetOverride: '0b7f3a52-6f1c-4c51-9a43-2d1f0e6c9b11' }),
    ).not.toThrow()
  })
})
