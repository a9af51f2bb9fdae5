import { describe, expect, it } from 'vitest'
import { BudgetStateCache, budgetCacheTtlFromEnv } from './budget-state-cache'

/** A cache on a fake monotonic clock, and a loader counting its calls. */
function setup(ttlMs = 1_000, maxEntries?: number) {
  let tick = 0
  const cache = new BudgetStateCache<string>({ ttlMs, maxEntries, monotonic: () => tick })
  let loads = 0
  const loader = (value: string) => async () => {
    loads++
    return value
  }
  return {
    cache,
    loads: () => loads,
    advance: (ms: number) => {
      tick += ms
    },
    get: (
      key: { organizationId: number; userId?: number; userExternalId?: string },
      now: number,
      value = 'v',
    ) => cache.load({ apiKeyId: 7, ...key }, new Date(now), loader(value), () => true),
  }
}

const at = Date.UTC(2031, 0, 1)

describe('BudgetStateCache', () => {
  it('reuses loaded state in the first half of the TTL and loads again after it', async () => {
    const t = setup()
    expect(await t.get({ organizationId: 1 }, at, 'first')).toBe('first')
    t.advance(499)
    expect(await t.get({ organizationId: 1 }, at + 499, 'second')).toBe('first')
    expect(t.loads()).toBe(1)
    t.advance(501)
    expect(await t.get({ organizationId: 1 }, at + 1_000, 'third')).toBe('third')
    expect(t.loads()).toBe(2)
  })

  it('reloads in the background in the second half of the TTL, answering from the entry meanwhile', async () => {
    const t = setup()
    await t.get({ organizationId: 1 }, at, 'first')
    t.advance(600)
    expect(await t.get({ organizationId: 1 }, at + 600, 'refreshed')).toBe('first')
    expect(await t.get({ organizationId: 1 }, at + 600, 'not loaded')).toBe('refreshed')
    expect(t.loads()).toBe(2)
    // The refreshed entry lives a full TTL from its reload.
    t.advance(999)
    expect(await t.get({ organizationId: 1 }, at + 1_599, 'again')).toBe('refreshed')
  })

  it('never keeps a background reload that an invalidation overtook', async () => {
    const t = setup()
    const key = { organizationId: 1, apiKeyId: 7 }
    await t.cache.load(
      key,
      new Date(at),
      async () => 'first',
      () => true,
    )
    t.advance(600)
    let release: (value: string) => void = () => {}
    const reload = () =>
      new Promise<string>((resolve) => {
        release = resolve
      })
    expect(await t.cache.load(key, new Date(at + 600), reload, () => true)).toBe('first')
    t.cache.invalidate(1)
    release('read before the write')
    await Promise.resolve()
    expect(
      await t.cache.load(
        key,
        new Date(at + 600),
        async () => 'after the write',
        () => true,
      ),
    ).toBe('after the write')
  })

  it('expires on either clock: a fixed server clock, or one moved past the TTL', async () => {
    const t = setup()
    await t.get({ organizationId: 1 }, at, 'first')
    t.advance(1_000) // the server's clock stood still (a test's fixed clock)
    expect(await t.get({ organizationId: 1 }, at, 'second')).toBe('second')
    // The server's clock moved 60 s (reservations expire by it), the monotonic one did not.
    expect(await t.get({ organizationId: 1 }, at + 60_000, 'third')).toBe('third')
    // …and moved back: an entry is never younger than zero.
    expect(await t.get({ organizationId: 1 }, at, 'fourth')).toBe('fourth')
  })

  it('keys by organization, key, and each form of user and project apart', async () => {
    const t = setup()
    await t.get({ organizationId: 1, userId: 5 }, at, 'by id')
    expect(await t.get({ organizationId: 1, userExternalId: '5' }, at, 'by external id')).toBe(
      'by external id',
    )
    expect(await t.get({ organizationId: 2, userId: 5 }, at, 'other org')).toBe('other org')
    expect(await t.get({ organizationId: 1, userId: 5 }, at, 'again')).toBe('by id')
    expect(
      await t.cache.load(
        { organizationId: 1, apiKeyId: 8, userId: 5 },
        new Date(at),
        async () => 'other key',
        () => true,
      ),
    ).toBe('other key')
  })

  it("drops an organization's state when this server changes it, and only that organization's", async () => {
    const t = setup()
    await t.get({ organizationId: 1 }, at, 'one')
    await t.get({ organizationId: 2 }, at, 'two')
    t.cache.invalidate(1)
    expect(await t.get({ organizationId: 1 }, at, 'one, reloaded')).toBe('one, reloaded')
    expect(await t.get({ organizationId: 2 }, at, 'two, reloaded')).toBe('two')
  })

  it('shares one load among concurrent misses of a key', async () => {
    const t = setup()
    let release: (value: string) => void = () => {}
    let loads = 0
    const slow = () => {
      loads++
      return new Promise<string>((resolve) => {
        release = resolve
      })
    }
    const key = { organizationId: 1, apiKeyId: 7 }
    const answers = Promise.all(
      Array.from({ length: 5 }, () => t.cache.load(key, new Date(at), slow, () => true)),
    )
    release('shared')
    expect(await answers).toEqual(['shared', 'shared', 'shared', 'shared', 'shared'])
    expect(loads).toBe(1)
  })

  it('never hands a load begun before an invalidation to a check after it', async () => {
    const t = setup()
    const key = { organizationId: 1, apiKeyId: 7 }
    let release: (value: string) => void = () => {}
    const before = t.cache.load(
      key,
      new Date(at),
      () =>
        new Promise<string>((resolve) => {
          release = resolve
        }),
      () => true,
    )
    t.cache.invalidate(1) // e.g. a usage log committed while the load was reading
    const after = t.cache.load(
      key,
      new Date(at),
      async () => 'after the write',
      () => true,
    )
    release('before the write')
    expect(await before).toBe('before the write')
    expect(await after).toBe('after the write')
    // Nor is the old load's answer kept for later checks.
    expect(await t.get({ organizationId: 1 }, at, 'later')).toBe('after the write')
  })

  it('keeps neither failed loads nor answers it is told not to keep', async () => {
    const t = setup()
    const key = { organizationId: 1, apiKeyId: 7 }
    await expect(
      t.cache.load(
        key,
        new Date(at),
        async () => Promise.reject(new Error('db down')),
        () => true,
      ),
    ).rejects.toThrow('db down')
    expect(
      await t.cache.load(
        key,
        new Date(at),
        async () => 'refused',
        () => false,
      ),
    ).toBe('refused')
    expect(await t.get({ organizationId: 1 }, at, 'loaded')).toBe('loaded')
  })

  it('with TTL 0 loads every time', async () => {
    const t = setup(0)
    await t.get({ organizationId: 1 }, at, 'a')
    expect(await t.get({ organizationId: 1 }, at, 'b')).toBe('b')
    expect(t.loads()).toBe(2)
    expect(t.cache.size).toBe(0)
  })

  it('stays bounded, dropping the oldest entry first', async () => {
    const t = setup(1_000, 2)
    await t.get({ organizationId: 1 }, at, 'a')
    await t.get({ organizationId: 2 }, at, 'b')
    await t.get({ organizationId: 3 }, at, 'c')
    expect(t.cache.size).toBe(2)
    expect(await t.get({ organizationId: 1 }, at, 'a2')).toBe('a2')
    expect(await t.get({ organizationId: 3 }, at, 'c2')).toBe('c')
  })

  it('refuses a TTL that is not a duration', () => {
    expect(() => new BudgetStateCache({ ttlMs: -1 })).toThrow(/≥ 0/)
    expect(() => new BudgetStateCache({ ttlMs: Number.NaN })).toThrow(/≥ 0/)
  })
})

describe('budgetCacheTtlFromEnv', () => {
  it('defaults to 1 s, takes whole milliseconds, 0 included, and names a bad value', () => {
    expect(budgetCacheTtlFromEnv({})).toBe(1_000)
    expect(budgetCacheTtlFromEnv({ TOKENLEDGER_BUDGET_CACHE_TTL_MS: '250' })).toBe(250)
    expect(budgetCacheTtlFromEnv({ TOKENLEDGER_BUDGET_CACHE_TTL_MS: '0' })).toBe(0)
    expect(() => budgetCacheTtlFromEnv({ TOKENLEDGER_BUDGET_CACHE_TTL_MS: '1s' })).toThrow(
      /TOKENLEDGER_BUDGET_CACHE_TTL_MS.*"1s"/,
    )
  })
})
