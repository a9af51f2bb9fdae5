import { MAX_BATCH_SIZE, type UsageEventInput } from '@tokenledger/contract'
import { describe, expect, it } from 'vitest'
import { otlpApiKey } from './api-key-header'
import { eventBatches, storeFailure } from './span-store'

const event = (prompt = ''): UsageEventInput =>
  ({ provider: 'openai', model: 'gpt-4o', promptTokens: 1, completionTokens: 1, prompt }) as UsageEventInput

describe('eventBatches', () => {
  it('cuts at 1,000 events and at about 8 MB, keeping every event once and in order', () => {
    const many = Array.from({ length: MAX_BATCH_SIZE * 2 + 1 }, () => event())
    expect([...eventBatches(many)].map((b) => b.length)).toEqual([MAX_BATCH_SIZE, MAX_BATCH_SIZE, 1])
    const big = [event('a'.repeat(5_000_000)), event('b'.repeat(5_000_000)), event()]
    const batches = [...eventBatches(big)]
    expect(batches.map((b) => b.length)).toEqual([1, 2])
    expect(batches.flat()).toEqual(big)
    expect([...eventBatches([])]).toEqual([])
  })
})

describe('storeFailure', () => {
  it('maps what the api answered to what an OTLP exporter acts on', () => {
    expect(storeFailure(401, 'bad key').status).toBe(401)
    expect(storeFailure(429, 'busy').status).toBe(429)
    expect(storeFailure(413, 'too big').status).toBe(413)
    expect(storeFailure(400, 'no').status).toBe(400)
    expect(storeFailure(404, 'no').status).toBe(400)
    expect(storeFailure(500, 'boom').status).toBe(503)
    expect(storeFailure(undefined, 'fetch failed')).toMatchObject({
      status: 503,
      message: 'Tokenledger could not store the spans (fetch failed); retry later',
    })
  })
})

describe('otlpApiKey', () => {
  it('reads x-tokenledger-key first, then a bearer token', () => {
    expect(otlpApiKey({ 'x-tokenledger-key': 'tl_a', authorization: 'Bearer tl_b' })).toBe('tl_a')
    expect(otlpApiKey({ authorization: 'Bearer tl_b' })).toBe('tl_b')
    expect(otlpApiKey({ authorization: 'Basic x' })).toBeUndefined()
    expect(otlpApiKey({ 'x-tokenledger-key': ' ' })).toBeUndefined()
  })
})
