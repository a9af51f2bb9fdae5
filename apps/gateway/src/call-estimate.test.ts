import { priceCall } from '@tokenledger/domain'
import { describe, expect, it } from 'vitest'
import { estimateCallCost } from './call-estimate'

const catalog = (model: string, promptTokens: number, completionTokens: number) =>
  priceCall({
    provider: 'openai',
    model,
    usage: { promptTokens, completionTokens },
    at: new Date(),
    customPrices: [],
  }).cost

describe('estimateCallCost', () => {
  it('prices the text at 4 characters a token plus the output maximum, at the catalog’s prices', () => {
    const body = { model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'x'.repeat(400) }] }
    expect(estimateCallCost('openai', 'gpt-4o', body)).toBe(
      catalog('gpt-4o', 100, 100)?.replace(/\.?0+$/, ''),
    )
  })

  it('assumes 1,024 output tokens when the request sets no maximum, and reads every text field', () => {
    const body = {
      model: 'gpt-4o-mini',
      instructions: 'abcd',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'efgh' }] }],
    }
    expect(estimateCallCost('openai', 'gpt-4o-mini', body)).toBe(
      catalog('gpt-4o-mini', 2, 1_024)?.replace(/\.?0+$/, ''),
    )
  })

  it('has no estimate for a model the catalog does not price, or no model', () => {
    expect(estimateCallCost('openai', 'not-a-model-anyone-prices', { messages: [] })).toBeUndefined()
    expect(estimateCallCost('openai', undefined, { messages: [] })).toBeUndefined()
  })
})
