import net from 'node:net'
import { type MockOpenAI, startMockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, startGateway } from '../src'

// An api that accepts connections and never answers: budgets fail open, and only one call waits.
let blackHole: net.Server
const held = new Set<net.Socket>()
let openai: MockOpenAI
let gateway: Gateway
const errors: Error[] = []

beforeAll(async () => {
  blackHole = net.createServer((socket) => {
    held.add(socket)
    socket.on('close', () => held.delete(socket))
  })
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
  openai = await startMockOpenAI()
  gateway = await startGateway({
    port: 0,
    apiUrl: `http://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`,
    openaiBaseUrl: `${openai.url}/v1`,
    budgetCheckTimeoutMs: 300,
    onError: (error) => errors.push(error),
  })
})
afterAll(async () => {
  await gateway.close(50)
  await openai.close()
  await new Promise((resolve) => {
    blackHole.close(resolve)
    for (const socket of held) socket.destroy()
  })
})

describe('when the api does not answer', () => {
  it('lets calls through after the check times out, and only the first call of a key waits', async () => {
    const client = new OpenAI({
      apiKey: 'tl_whatever',
      baseURL: `${gateway.url}/openai/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-provider-authorization': 'sk-up' },
    })
    const timed = async () => {
      const started = Date.now()
      const answer = await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'Hi' }],
      })
      expect(answer.choices[0]?.message.content).toBe('Hello there!')
      return Date.now() - started
    }
    expect(await timed()).toBeGreaterThanOrEqual(300)
    expect(await timed()).toBeLessThan(250)
    expect(errors.some((e) => e.name === 'BudgetCheckFailedError')).toBe(true)
  })
})
