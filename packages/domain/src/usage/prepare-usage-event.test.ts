import { describe, expect, it } from 'vitest'
import type { UsageEvent } from '../usage-event'
import { prepareUsageEvent } from './prepare-usage-event'
import { redactEvent } from './redact-event'

const base: UsageEvent = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  promptTokens: 7,
  completionTokens: 1,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  success: true,
  category: 'general',
}
const receivedAt = new Date('2026-03-01T12:00:00Z')

describe('prepareUsageEvent', () => {
  it('prices from the catalog exactly, at the time the call happened', () => {
    const prepared = prepareUsageEvent(
      { ...base, occurredAt: '2026-02-27T08:00:00Z' },
      { customPrices: [], receivedAt },
    )
    expect(prepared.priced).toMatchObject({ cost: '0.00000165', source: 'catalog' })
    expect(prepared.occurredAt.toISOString()).toBe('2026-02-27T08:00:00.000Z')
    expect(prepared.totalTokens).toBe(8)
  })

  it('keeps a caller-supplied cost and total, and falls back to the receipt time', () => {
    const prepared = prepareUsageEvent(
      { ...base, cost: '0.5', totalTokens: 9 },
      { customPrices: [], receivedAt },
    )
    expect(prepared.priced).toMatchObject({ cost: '0.5', source: 'caller' })
    expect(prepared.totalTokens).toBe(9)
    expect(prepared.occurredAt).toEqual(receivedAt)
  })

  it('prices with the raw model but stores it, and every text, redacted', () => {
    const event = { ...base, model: 'ft:gpt-4o-mini:jane.doe@example.com', prompt: 'call 415-555-0147' }
    const customPrices = [
      {
        id: 1,
        provider: 'openai',
        model: 'ft:gpt-4o-mini:jane.doe@example.com',
        inputMtok: '1000000',
        outputMtok: '0',
        cacheReadMtok: null,
        cacheWriteMtok: null,
        reasoningMtok: null,
        effectiveFrom: new Date('2024-01-01'),
      },
    ]
    const prepared = prepareUsageEvent(event, { customPrices, receivedAt })
    expect(prepared.priced).toMatchObject({ cost: '7', source: 'custom' })
    expect(prepared.stored.model).toBe('ft:gpt-4o-mini:[REDACTED:email]')
    expect(prepared.stored.prompt).not.toContain('415-555-0147')
    expect(prepared.redaction.redacted).toBe(true)
    expect(prepared.redaction.summary).toMatchObject({ email: 1 })
  })

  it('uses a redaction computed elsewhere instead of redacting again', () => {
    const event = { ...base, prompt: 'mail bob@example.org' }
    const elsewhere = { ...redactEvent(event), summary: { email: 42 } }
    expect(
      prepareUsageEvent(event, { customPrices: [], receivedAt, redacted: elsewhere }).redaction.summary,
    ).toEqual({
      email: 42,
    })
  })
})
