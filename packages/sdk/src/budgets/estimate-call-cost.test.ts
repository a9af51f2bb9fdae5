import { describe, expect, it } from 'vitest'
import { estimateCallCost } from './estimate-call-cost'
import { DEFAULT_ESTIMATED_OUTPUT_TOKENS } from './request-shape'

// Catalog prices per million tokens: gpt-4o $2.50 in / $10 out, text-embedding-3-small $0.02 in,
// claude-sonnet-4-5 $3 in / $15 out.
describe('estimateCallCost', () => {
  it('prices the input tokens and the output maximum', () => {
    expect(
      estimateCallCost({ provider: 'openai', model: 'gpt-4o', inputTokens: 1_000, maxOutputTokens: 500 }),
    ).toEqual({ inputTokens: 1_000, outputTokens: 500, cost: '0.0075' })
    expect(
      estimateCallCost({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        inputTokens: 2_000,
        maxOutputTokens: 1_000,
      }).cost,
    ).toBe('0.021')
  })

  it('assumes the documented output default when the request sets no maximum', () => {
    const estimate = estimateCallCost({ provider: 'openai', model: 'gpt-4o', inputTokens: 1_000 })
    expect(estimate.outputTokens).toBe(DEFAULT_ESTIMATED_OUTPUT_TOKENS)
    expect(estimate.cost).toBe('0.01274') // 1,000 × 2.5e-6 + 1,024 × 1e-5
  })

  it('counts no output for embeddings', () => {
    expect(
      estimateCallCost({
        provider: 'openai',
        model: 'text-embedding-3-small',
        inputTokens: 1_000,
        embedding: true,
      }),
    ).toEqual({ inputTokens: 1_000, outputTokens: 0, cost: '0.00002' })
  })

  it('gives no cost for a model the catalog does not price (never a silent 0)', () => {
    expect(estimateCallCost({ provider: 'openai', model: 'no-such-model', inputTokens: 10 }).cost).toBeNull()
  })
})
