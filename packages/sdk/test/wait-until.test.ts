import { describe, expect, it } from 'vitest'
import { Tokenledger } from '../src'
import { fakeApiFetch } from './support/fake-api'

// Serverless handlers are frozen once they return: `waitUntil` gets a promise that settles only
// once the event was sent, even with a batch interval far longer than the handler lives.
describe('waitUntil', () => {
  it('hands the platform a flush promise for each logged event, settled once it was delivered', async () => {
    const api = fakeApiFetch()
    const handed: Promise<unknown>[] = []
    const tokenledger = new Tokenledger({
      url: 'http://api.test',
      apiKey: 'tl_x',
      fetch: api.fetch,
      batch: { flushIntervalMs: 60_000 },
      waitUntil: (promise) => handed.push(promise),
    })
    tokenledger.log({ provider: 'openai', model: 'gpt-4o', promptTokens: 1 })
    tokenledger.log({ provider: 'openai', model: 'gpt-4o', promptTokens: 2 })
    expect(handed).toHaveLength(2)
    expect(api.events).toHaveLength(0)
    const results = await Promise.all(handed)
    expect(results).toEqual([
      { flushed: true, remaining: 0 },
      { flushed: true, remaining: 0 },
    ])
    expect(api.events.map((e) => e.promptTokens)).toEqual([1, 2])
    await tokenledger.shutdown()
  })

  it('without it, events wait for the batch interval', async () => {
    const api = fakeApiFetch()
    const tokenledger = new Tokenledger({
      url: 'http://api.test',
      apiKey: 'tl_x',
      fetch: api.fetch,
      batch: { flushIntervalMs: 60_000 },
    })
    tokenledger.log({ provider: 'openai', model: 'gpt-4o', promptTokens: 1 })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(api.events).toHaveLength(0)
    await tokenledger.shutdown()
    expect(api.events).toHaveLength(1)
  })
})
