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
      cost: '2.000000',
      cost_source: 'custom',
      content_redacted: true,
    })
    expect(JSON.parse(row.metadata)).toEqual({ owner: '[REDACTED:email]', content_truncated: true })
    expect(JSON.parse(row.redaction_summary)).toEqual({ email: 2, phone: 1 })
    expect(row.prompt_content?.startsWith('call [REDACTED:phone] xxx')).toBe(true)
  })

  it('stores a redaction computed elsewhere as given', () => {
    const redacted = redactEvent(event)
    const row = buildLogRow({ event, attribution, customPrices, now: new Date('2026-01-01'), redacted })
    expect(row.model).toBe(redacted.event.model)
    expect(row.prompt_content).toBe(redacted.event.prompt)
  })
})
