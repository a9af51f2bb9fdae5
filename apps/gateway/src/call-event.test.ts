import { describe, expect, it } from 'vitest'
import { callEvent } from './call-event'
import { openAIChat } from './endpoints/openai'

const call = {
  endpoint: openAIChat,
  path: '/chat/completions',
  body: { model: 'gpt-4o', stream: true, user: 'u-1', messages: [{ role: 'user', content: 'Hi' }] },
  attribution: { userId: 4, category: 'summarization' as const, budgetOverrideId: 'x' },
  startedAt: new Date('2026-01-02T03:04:05.000Z'),
  durationMs: 12.6,
  budgetUnchecked: false,
}
const usage = {
  promptTokens: 10,
  completionTokens: 2,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
}

describe('callEvent', () => {
  it('builds the event the api stores: requested model, usage, attribution, content and metadata', () => {
    expect(
      callEvent(call, {
        success: true,
        status: 200,
        result: { model: 'gpt-4o-2024-08-06', usage, response: 'Yo' },
      }),
    ).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      ...usage,
      durationMs: 13,
      success: true,
      taskType: 'chat.completions',
      occurredAt: '2026-01-02T03:04:05.000Z',
      metadata: {
        gateway: '/chat/completions',
        stream: true,
        upstreamStatus: 200,
        responseModel: 'gpt-4o-2024-08-06',
        providerUser: 'u-1',
      },
      userId: 4,
      category: 'summarization',
      budgetOverrideId: 'x',
      prompt: 'user: Hi',
      response: 'Yo',
    })
  })

  it('logs a failed call with no answer, cutting a long error and flagging an unchecked budget', () => {
    const event = callEvent(
      { ...call, body: { messages: [] }, budgetUnchecked: true },
      { success: false, error: 'e'.repeat(30_000) },
    )
    expect(event).toMatchObject({ model: 'unknown', success: false, metadata: { budgetUnchecked: true } })
    expect(event.errorMessage).toHaveLength(20_000)
    expect(event.promptTokens).toBeUndefined()
    expect(event.prompt).toBeUndefined()
  })
  it('cuts a model and a provider user the api would refuse, so the call is still logged', () => {
    const event = callEvent(
      { ...call, body: { ...call.body, model: `  ${'m'.repeat(300)}`, user: 'u'.repeat(70_000) } },
      { success: true, status: 200, result: { model: 'r'.repeat(300), usage } },
    )
    expect(event.model).toBe('m'.repeat(200))
    expect(event.metadata).toMatchObject({ responseModel: 'r'.repeat(200), providerUser: 'u'.repeat(256) })
    expect(JSON.stringify(event.metadata).length).toBeLessThan(1_000)
  })
})
