import { redact } from '@tokenledger/domain'
import { afterAll, describe, expect, it } from 'vitest'
import { RedactionPool, RedactionPoolBusyError, splitIntoJobs } from './redaction-pool'

const digits = (chars: number) => '1234 5678 9012 '.repeat(Math.ceil(chars / 15)).slice(0, chars)
const pools: RedactionPool[] = []
const pool = (options: ConstructorParameters<typeof RedactionPool>[0]) => {
  const created = new RedactionPool(options)
  pools.push(created)
  return created
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()))
})

describe('splitIntoJobs', () => {
  it('groups consecutive texts up to the size, a longer text alone, order kept', () => {
    expect(splitIntoJobs(['aa', 'bb', 'cccccc', 'd', 'e'], 4)).toEqual([['aa', 'bb'], ['cccccc'], ['d', 'e']])
    expect(splitIntoJobs([], 4)).toEqual([])
  })
})

describe('RedactionPool', () => {
  it('gives the same results as redacting in place, in order, across several jobs and workers', async () => {
    const texts = [
      'mail jane.doe@example.com',
      digits(5_000),
      '',
      'card 4111 1111 1111 1111 and ip 203.0.113.42',
      'x'.repeat(3_000),
      'ssn 287-65-4312',
    ]
    const results = await pool({ size: 2, inlineBelowChars: 0, jobChars: 1_000 }).redactAll(texts)
    expect(results).toEqual(texts.map(redact))
    expect(results[0]?.text).toBe('mail [REDACTED:email]')
  })

  it('keeps the event loop free while it redacts megabytes of digits', async () => {
    const texts = Array.from({ length: 8 }, () => digits(250_000))
    let ticks = 0
    let longestGap = 0
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
      ticks++
    }, 5)
    const started = performance.now()
    const results = await pool({ size: 1 }).redactAll(texts)
    const elapsed = performance.now() - started
    clearInterval(timer)
    expect(results).toHaveLength(8)
    // Redacting 2 MB of digits in this thread would allow no tick at all for ~400 ms.
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4)
    expect(longestGap).toBeLessThan(250)
  })

  it('refuses a call at once when the queue would exceed its bound, and accepts again later', async () => {
    const small = pool({ size: 1, inlineBelowChars: 0, maxQueuedChars: 100_000 })
    const first = small.redactAll([digits(80_000)])
    await expect(small.redactAll([digits(30_000)])).rejects.toBeInstanceOf(RedactionPoolBusyError)
    await expect(small.redactAll([digits(30_000)])).rejects.toThrow(/busy redacting other requests/)
    await first
    await expect(small.redactAll([digits(30_000)])).resolves.toHaveLength(1)
  })

  it('redacts small calls in place without starting a worker', async () => {
    const inline = pool({ size: 1 })
    expect(await inline.redactAll(['call 415-555-0147'])).toEqual([redact('call 415-555-0147')])
    expect((inline as unknown as { workers: unknown[] }).workers).toHaveLength(0)
  })
})

describe('RedactionPool when its workers fail', () => {
  it('redacts on the main thread instead, saying so once', async () => {
    // A worker that exits at once, as one that cannot load its code would.
    const broken = pool({
      size: 1,
      inlineBelowChars: 0,
      workerUrl: new URL('data:text/javascript,process.exit(3)'),
    })
    const errors: string[] = []
    const original = console.error
    console.error = (message: string) => errors.push(message)
    const texts = ['mail jane.doe@example.com', 'ssn 287-65-4312']
    try {
      expect(await broken.redactAll(texts)).toEqual(texts.map(redact))
      expect(await broken.redactAll(texts)).toEqual(texts.map(redact))
    } finally {
      console.error = original
    }
    expect(errors).toEqual([
      'redaction workers failed, redacting on the main thread: redaction worker exited with code 3',
    ])
  })
})
