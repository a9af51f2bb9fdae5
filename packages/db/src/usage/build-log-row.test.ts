import { redactEvent, type UsageEvent } from '@tokenledger/domain'
import { describe, expect, it } from 'vitest'
import { buildLogRow } from './build-log-row'

const event: UsageEvent = {
  provider: 'acme',
  model: 'tuned:jane.doe@example.com',
  promptTokens: 1_000_000,
  completionTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  success: true,
  category: 'general',
  prompt: `call 415-555-0147 ${'x'.repeat(200_000)}`,
  metadata: { owner: 'bob@example.org' },
}
const attribution = { organizationId: 1, apiKeyId: null, userId: null, projectId: null, documentId: null }
const customPrices = [
  {
    id: 9,
    provider: 'acme',
    model: 'tuned:jane.doe@example.com',
    inputMtok: '2',
    outputMtok: '4',
    cacheReadMtok: null,
    cacheWriteMtok: null,
    reasoningMtok: null,
    effectiveFrom: new Date('2024-01-01'),
  },
]

describe('buildLogRow', () => {
  it('prices with the raw model and stores every field redacted, content cut and flagged', () => {
    const row = buildLogRow({ event, attribution, customPrices, now: new Date('2026-01-01') })
    expect(row).toMatchObject({
      model: 'tuned:[REDACTED:email]',
      cost: '2',
      cost_source: 'custom',
      content_redacted: true,
    })
    expect(JSON.parse(row.metadata)).toEqual({ owner: '[REDACTED:email]', content_truncated: true })
    expect(JSON.parse(row.redaction_summary)).toEqual({ email: 2, phone: 1 })
    expect(row.prompt_content?.startsWith('call [REDACTED:phone] xxx')).toBe(true)
  })

  it('keeps the exact cost, 1-hour cache writes and web searches', () => {
    const row = buildLogRow({
      event: {
        ...event,
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        prompt: 'hi',
        promptTokens: 1007,
        completionTokens: 1,
        cacheWriteTokens: 1000,
        cacheWrite1hTokens: 1000,
        webSearchRequests: 1,
      },
      attribution,
      customPrices: [],
      now: new Date('2026-01-01'),
    })
    // 7 × 3 + 1000 × 6 (1-hour writes) + 1 × 15 per million, plus one search at $10 per 1,000
    expect(row).toMatchObject({
      cost: '0.016036',
      cost_source: 'catalog',
      cache_write_1h_tokens: 1000,
      web_search_requests: 1,
    })
  })

  it('stores a redaction computed elsewhere as given', () => {
    const redacted = redactEvent(event)
    const row = buildLogRow({ event, attribution, customPrices, now: new Date('2026-01-01'), redacted })
    expect(row.model).toBe(redacted.event.model)
    expect(row.prompt_content).toBe(redacted.event.prompt)
  })
})
