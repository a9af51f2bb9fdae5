import { describe, expect, it } from 'vitest'
import { countInputTokens, estimateRequestCost } from './estimate-request-cost'

// o200k token counts (gpt-tokenizer): "You summarise estimates." 5, "Summarise the estimate" 5.
describe('estimateRequestCost', () => {
  it('counts the request text with the tokenizer and prices it with the output maximum', async () => {
    const estimate = await estimateRequestCost('openai', 'gpt-4o', {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You summarise estimates.' },
        { role: 'user', content: 'Summarise the estimate' },
      ],
      max_tokens: 100,
    })
    // 10 × $2.50/M + 100 × $10/M
    expect(estimate).toEqual({ inputTokens: 10, outputTokens: 100, cost: '0.001025' })
  })

  it('approximates Anthropic with the same tokenizer', async () => {
    const estimate = await estimateRequestCost('anthropic', 'claude-sonnet-4-5', {
      model: 'claude-sonnet-4-5',
      system: 'You summarise estimates.',
      messages: [{ role: 'user', content: 'Summarise the estimate' }],
      max_tokens: 1_000,
    })
    // 10 × $3/M + 1,000 × $15/M
    expect(estimate).toEqual({ inputTokens: 10, outputTokens: 1_000, cost: '0.01503' })
  })

  it('counts text that looks like a special token as text', async () => {
    const estimate = await estimateRequestCost('openai', 'gpt-4o', { input: 'a <|endoftext|> b' })
    expect(estimate.inputTokens).toBeGreaterThan(1)
  })

  it('sums the counts of every text', () => {
    expect(countInputTokens(['ab', 'cde'], (text) => text.length)).toBe(5)
    expect(countInputTokens([], () => 1)).toBe(0)
  })
})
