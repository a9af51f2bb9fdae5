import { priceCall, type Usd } from '@tokenledger/domain'
import { DEFAULT_ESTIMATED_OUTPUT_TOKENS } from './request-shape'

export interface CallEstimateInput {
  provider: string
  model: string
  /** Input tokens counted from the request. */
  inputTokens: number
  /** The request's output maximum; DEFAULT_ESTIMATED_OUTPUT_TOKENS when undefined. */
  maxOutputTokens?: number | undefined
  /** Embeddings produce no output tokens. */
  embedding?: boolean
  at?: Date
}

export interface CallEstimate {
  inputTokens: number
  outputTokens: number
  /** Decimal USD at the catalog's prices, or null when the catalog does not price the model. */
  cost: Usd | null
}

/**
 * The most a call can cost before it is made: its input tokens at the input price plus its output
 * maximum at the output price, from the price catalog the api also uses (custom prices stored in
 * the api are not known here). Pure: the token count comes from the caller.
 */
export function estimateCallCost(input: CallEstimateInput): CallEstimate {
  const outputTokens = input.embedding ? 0 : (input.maxOutputTokens ?? DEFAULT_ESTIMATED_OUTPUT_TOKENS)
  const { cost } = priceCall({
    provider: input.provider,
    model: input.model,
    usage: { promptTokens: input.inputTokens, completionTokens: outputTokens },
    at: input.at ?? new Date(),
    customPrices: [],
  })
  return { inputTokens: input.inputTokens, outputTokens, cost }
}
