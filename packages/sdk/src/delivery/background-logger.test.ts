import type { UsageEventInput } from '@tokenledger/contract'
import { describe, expect, it } from 'vitest'
import {
  DeliveryError,
  EventDeadLetteredError,
  EventRejectedError,
  EventsDroppedError,
  type TokenledgerError,
} from '../errors'
import { BackgroundLogger, type SendBatch } from './background-logger'

const event = (n: number): UsageEventInput => ({
  provider: 'openai',
  model: 'gpt-4o',
  promptTokens: n,
  idempotencyKey: `k${n}`,
})
const events = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => event(from + i))

const httpError = (httpStatus: number, message: string) =>
  Object.assign(new Error(message), { data: { httpStatus } })

/**
 * A fake api: records every batch it stores; `down` makes it fail like an unreachable server,
 * `failing` answer every request with that status, and a batch holding a `poison` key gets a 500.
 */
function fakeApi() {
  const api = {
    down: false,
    failing: undefined as number | undefined,
    poison: new Set<string>(),
    attempts: [] as number[],
    batches: [] as UsageEventInput[][],
    stored: new Set<string>(),
    send: (async (batch) => {
      api.attempts.push(batch.length)
      if (api.down) throw Object.assign(new TypeError('fetch failed'), { data: undefined })
      if (api.failing) throw httpError(api.failing, `the api answered ${api.failing}`)
      if (batch.some((e) => api.poison.has(e.idempotencyKey as string)))
        throw httpError(500, 'invalid byte sequence for encoding "UTF8"')
      api.batches.push(batch)
      return {
        results: batch.map((e, index) => {
          const key = e.idempotencyKey as string
          const status = api.stored.has(key) ? ('duplicate' as const) : ('stored' as const)
          api.stored.add(key)
          return { index, status }
        }),
      }
    }) as SendBatch,
  }
  return api
}

const fast = { initialDelayMs: 5, maxDelayMs: 20, flushIntervalMs: 10_000 }
const errorsOf = () => {
  const errors: TokenledgerError[] = []
  return { errors, onError: (e: TokenledgerError) => errors.push(e) }
}

describe('BackgroundLogger', () => {
  it('sends full batches at once and the rest on flush', async () => {
    const api = fakeApi()
    const logger = new BackgroundLogger(api.send, { ...fast, maxBatchSize: 100 })
    for (const e of events(1, 250)) logger.enqueue(e)
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })
    expect(api.batches.map((b) => b.length)).toEqual([100, 100, 50])
    expect(logger.stats()).toMatchObject({ queued: 0, stored: 250, dropped: 0, retries: 0 })
  })

  it('sends a partial batch after the interval without a flush', async () => {
    const api = fakeApi()
    const logger = new BackgroundLogger(api.send, { flushIntervalMs: 20 })
    logger.enqueue(event(1))
    logger.enqueue(event(2))
    expect(api.batches).toHaveLength(0)
    await expect.poll(() => api.batches.length, { timeout: 2_000, interval: 5 }).toBe(1)
    expect(api.batches[0]).toHaveLength(2)
  })

  it('cuts batches by size in bytes, sending an oversized event alone', async () => {
    const api = fakeApi()
    const logger = new BackgroundLogger(api.send, { ...fast, maxBatchBytes: 1_000 })
    const big = { ...event(1), prompt: 'x'.repeat(2_000) }
    for (const e of [big, event(2), event(3)]) logger.enqueue(e)
    await logger.flush()
    expect(api.batches.map((b) => b.length)).toEqual([1, 2])
  })

  it('keeps events while the api is down, retries with backoff and delivers all of them once it is back', async () => {
    const api = fakeApi()
    api.down = true
    const { errors, onError } = errorsOf()
    const logger = new BackgroundLogger(api.send, { ...fast, flushIntervalMs: 5 }, onError)
    for (const e of events(1, 30)) logger.enqueue(e)
    await expect.poll(() => logger.stats().retries, { timeout: 2_000, interval: 5 }).toBeGreaterThanOrEqual(3)
    expect(logger.stats()).toMatchObject({ queued: 30, stored: 0 })
    expect(errors[0]).toBeInstanceOf(DeliveryError)
    expect(errors[0]).toMatchObject({ willRetry: true, eventCount: 30, attempt: 1 })

    api.down = false
    await expect.poll(() => logger.stats().stored, { timeout: 2_000, interval: 5 }).toBe(30)
    expect(api.stored.size).toBe(30)
    expect(logger.stats().queued).toBe(0)
  })

  it('keeps retrying a batch the api answers 503 for (a restart), without splitting it, and loses nothing', async () => {
    const api = fakeApi()
    api.failing = 503
    const logger = new BackgroundLogger(api.send, { ...fast, flushIntervalMs: 5 })
    for (const e of events(1, 30)) logger.enqueue(e)
    await expect.poll(() => logger.stats().retries, { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(8)
    expect(new Set(api.attempts)).toEqual(new Set([30]))
    api.failing = undefined
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })
    expect(logger.stats()).toMatchObject({ stored: 30, deadLettered: 0, failed: 0, queued: 0 })
  })

  it('splits a batch that keeps getting 500s, gives up the poison event alone and delivers every other', async () => {
    const api = fakeApi()
    api.poison.add('k6')
    const { errors, onError } = errorsOf()
    const logger = new BackgroundLogger(api.send, fast, onError)
    for (const e of events(1, 12)) logger.enqueue(e)
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })

    expect(logger.stats()).toMatchObject({ stored: 11, deadLettered: 1, rejected: 0, failed: 0, queued: 0 })
    expect([...api.stored].sort()).toEqual(
      events(1, 12)
        .map((e) => e.idempotencyKey)
        .filter((k) => k !== 'k6')
        .sort(),
    )
    const deadLetters = errors.filter((e) => e instanceof EventDeadLetteredError)
    expect(deadLetters).toHaveLength(1)
    expect(deadLetters[0]).toMatchObject({
      code: 'EVENT_DEAD_LETTERED',
      idempotencyKey: 'k6',
      reason: 'invalid byte sequence for encoding "UTF8"',
      event: event(6),
    })
    // Bisection: 3 tries of 12, then 6 (3 tries), 3 stored, 3 (3 tries), 2 stored, k6 alone.
    expect(api.attempts.slice(0, 12)).toEqual([12, 12, 12, 6, 6, 6, 3, 3, 3, 3, 2, 1])
  })

  it('delivers the events queued behind a poison event while it is being isolated', async () => {
    const api = fakeApi()
    api.poison.add('k1')
    const logger = new BackgroundLogger(api.send, { ...fast, maxBatchSize: 10 })
    for (const e of events(1, 100)) logger.enqueue(e)
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })
    expect(logger.stats()).toMatchObject({ stored: 99, deadLettered: 1 })
    expect(api.stored.has('k1')).toBe(false)
  })

  it('gives up nothing while the api answers 500 to every request (database down), and delivers all once it is back', async () => {
    const api = fakeApi()
    api.failing = 500
    const { errors, onError } = errorsOf()
    const logger = new BackgroundLogger(api.send, { ...fast, flushIntervalMs: 5 }, onError)
    for (const e of events(1, 20)) logger.enqueue(e)
    // Long enough to split down to single events and set several of them aside.
    await expect
      .poll(() => api.attempts.filter((n) => n === 1).length, { timeout: 10_000, interval: 5 })
      .toBeGreaterThanOrEqual(12)
    expect(logger.stats()).toMatchObject({ queued: 20, deadLettered: 0 })

    api.failing = undefined
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })
    expect(logger.stats()).toMatchObject({ stored: 20, deadLettered: 0, failed: 0 })
    expect(api.stored.size).toBe(20)
    expect(errors.some((e) => e instanceof EventDeadLetteredError)).toBe(false)
  })

  it('gives up a lone poison event only once the api has stored other events', async () => {
    const api = fakeApi()
    api.poison.add('k1')
    const logger = new BackgroundLogger(api.send, fast)
    logger.enqueue(event(1))
    // Alone, it cannot be told from an outage: it stays queued.
    expect(await logger.flush(300)).toEqual({ flushed: false, remaining: 1 })
    expect(logger.stats()).toMatchObject({ deadLettered: 0, queued: 1 })

    for (const e of events(2, 4)) logger.enqueue(e)
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })
    expect(logger.stats()).toMatchObject({ stored: 3, deadLettered: 1 })
  })

  it('bounds the queue: drops the oldest events, counts them and reports the episode once', async () => {
    const api = fakeApi()
    api.down = true
    const { errors, onError } = errorsOf()
    const logger = new BackgroundLogger(api.send, { ...fast, maxQueuedEvents: 5, maxBatchSize: 2 }, onError)
    for (const e of events(1, 8)) logger.enqueue(e)
    // A request may be under way: its events are kept, the oldest of the others go.
    expect(logger.stats()).toMatchObject({ queued: 5, dropped: 3 })
    expect(errors.filter((e) => e instanceof EventsDroppedError)).toHaveLength(1)

    api.down = false
    await logger.flush()
    expect(logger.stats()).toMatchObject({ queued: 0, stored: 5, dropped: 3 })
    expect([...api.stored].sort()).toEqual(['k4', 'k5', 'k6', 'k7', 'k8'])
  })

  it('does not retry events the api rejects, and reports them', async () => {
    const { errors, onError } = errorsOf()
    const send: SendBatch = async (batch) => ({
      results: batch.map((_, index) =>
        index === 1
          ? { index, status: 'rejected' as const, error: 'projectId: not in this organization' }
          : { index, status: 'stored' as const },
      ),
    })
    const logger = new BackgroundLogger(send, fast, onError)
    for (const e of events(1, 3)) logger.enqueue(e)
    await logger.flush()
    expect(logger.stats()).toMatchObject({ queued: 0, stored: 2, rejected: 1, retries: 0 })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(EventRejectedError)
    expect(errors[0]).toMatchObject({ idempotencyKey: 'k2', reason: 'projectId: not in this organization' })
  })

  it('halves batches the api finds too large (413) and rejects a single event that still is', async () => {
    const sizes: number[] = []
    const send: SendBatch = async (batch) => {
      sizes.push(batch.length)
      if (batch.some((e) => e.prompt) && batch.length >= 1) {
        throw Object.assign(new Error('payload too large'), { data: { httpStatus: 413 } })
      }
      return { results: batch.map((_, index) => ({ index, status: 'stored' as const })) }
    }
    const { errors, onError } = errorsOf()
    const logger = new BackgroundLogger(send, fast, onError)
    for (const e of [...events(1, 3), { ...event(4), prompt: 'huge' }]) logger.enqueue(e)
    await logger.flush()
    expect(sizes).toEqual([4, 2, 2, 1, 1])
    expect(logger.stats()).toMatchObject({ queued: 0, stored: 3, rejected: 1 })
    expect(errors[0]).toBeInstanceOf(EventRejectedError)
  })

  it('gives up a batch the api refuses as a whole (invalid API key) instead of retrying forever', async () => {
    const { errors, onError } = errorsOf()
    const send: SendBatch = async () => {
      throw Object.assign(new Error('the API key is invalid or revoked'), { data: { httpStatus: 401 } })
    }
    const logger = new BackgroundLogger(send, fast, onError)
    for (const e of events(1, 3)) logger.enqueue(e)
    expect(await logger.flush()).toEqual({ flushed: true, remaining: 0 })
    expect(logger.stats()).toMatchObject({ failed: 3, retries: 0 })
    expect(errors[0]).toMatchObject({ willRetry: false, eventCount: 3 })
  })

  it('rejects an event that cannot be serialised without affecting the others', async () => {
    const api = fakeApi()
    const { errors, onError } = errorsOf()
    const logger = new BackgroundLogger(api.send, fast, onError)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    logger.enqueue({ ...event(1), metadata: circular })
    logger.enqueue(event(2))
    await logger.flush()
    expect(logger.stats()).toMatchObject({ stored: 1, rejected: 1 })
    expect(errors[0]).toBeInstanceOf(EventRejectedError)
  })

  it('never rejects: an onError that throws and a flush that times out are harmless', async () => {
    const api = fakeApi()
    api.down = true
    const logger = new BackgroundLogger(api.send, fast, () => {
      throw new Error('bad callback')
    })
    logger.enqueue(event(1))
    const started = Date.now()
    expect(await logger.flush(100)).toEqual({ flushed: false, remaining: 1 })
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('never keeps the process alive: its timers are unref-ed', () => {
    const logger = new BackgroundLogger(fakeApi().send, { flushIntervalMs: 60_000 })
    logger.enqueue(event(1))
    const timer = (logger as unknown as { timer: NodeJS.Timeout }).timer
    expect(timer).toBeDefined()
    expect(timer.hasRef()).toBe(false)
  })

  it('leaves no timer keeping the process alive once a flush is done', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const logger = new BackgroundLogger(fakeApi().send, fast)
    const before = timers()
    logger.enqueue(event(1))
    expect(await logger.flush(60_000)).toEqual({ flushed: true, remaining: 0 })
    expect(timers()).toBe(before)
  })

  it('shutdown flushes, stops the timers and drops later events', async () => {
    const api = fakeApi()
    const logger = new BackgroundLogger(api.send, fast)
    logger.enqueue(event(1))
    expect(await logger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    logger.enqueue(event(2))
    expect(logger.stats()).toMatchObject({ stored: 1, dropped: 1, queued: 0 })
    expect((logger as unknown as { timer: unknown }).timer).toBeUndefined()
  })
})
