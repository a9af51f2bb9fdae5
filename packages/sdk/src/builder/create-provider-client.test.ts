import { describe, expect, it } from 'vitest'
import { TokenledgerConfigError } from '../errors'
import { createOpenAIClient, importPeer, reuseOnceCreated } from './create-provider-client'
import { isOpenAIClient } from './provider-clients'

describe('reuseOnceCreated', () => {
  it('creates once and shares the client between concurrent callers', async () => {
    let created = 0
    const get = reuseOnceCreated(async () => ({ n: ++created }))
    const [a, b] = await Promise.all([get(), get()])
    expect(a).toBe(b)
    expect(await get()).toBe(a)
    expect(created).toBe(1)
  })

  it('forgets a failed creation, so the next call tries again', async () => {
    let attempts = 0
    const get = reuseOnceCreated(async () => {
      attempts++
      if (attempts === 1) throw new Error('not installed yet')
      return 'client'
    })
    await expect(get()).rejects.toThrow('not installed yet')
    expect(await get()).toBe('client')
    expect(attempts).toBe(2)
  })
})

describe('importPeer', () => {
  it('turns a missing provider package into a config error naming the package', async () => {
    const missing = importPeer('openai', () => Promise.reject(new Error("Cannot find package 'openai'")))
    await expect(missing).rejects.toBeInstanceOf(TokenledgerConfigError)
    await expect(missing).rejects.toThrow(/npm install openai/)
  })

  it('creates a real client from options when the package is there', async () => {
    const client = await createOpenAIClient({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1' })
    expect(isOpenAIClient(client)).toBe(true)
  })
})
