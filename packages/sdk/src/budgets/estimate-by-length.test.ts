import { describe, expect, it } from 'vitest'
import { estimateRequestCostByLength, tokensByLength } from './estimate-by-length'
import { estimateCallCost } from './estimate-call-cost'

describe('estimateRequestCostByLength', () => {
  it('counts 4 characters a token, rounding up', () => {
    expect(tokensByLength([])).toBe(0)
    expect(tokensByLength(['abcd', 'e'])).toBe(2)
  })

  it('prices the text and the output maximum as the tokenizer-based estimate does', async () => {
    const body = {
      system: 'x'.repeat(40),
      messages: [{ role: 'user', content: 'y'.repeat(60) }],
      max_tokens: 200,
    }
    const estimate = await estimateRequestCostByLength('openai', 'gpt-4o', body)
    expect(estimate).toEqual(
      estimateCallCost({ provider: 'openai', model: 'gpt-4o', inputTokens: 25, maxOutputTokens: 200 }),
    )
    expect(estimate.outputTokens).toBe(200)
  })

  it('has no output for an embedding, and no cost for a model the catalog does not price', async () => {
    expect(
      (
        await estimateRequestCostByLength(
          'openai',
          'text-embedding-3-small',
          { input: ['abcd'] },
          { embedding: true },
        )
      ).outputTokens,
    ).toBe(0)
    expect((await estimateRequestCostByLength('openai', 'no-such-model', { messages: [] })).cost).toBeNull()
  })
})
