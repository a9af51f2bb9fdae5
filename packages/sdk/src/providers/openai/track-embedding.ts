import type OpenAI from 'openai'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import { mapAPIPromise, watchRequest } from '../../tracking/api-promise'
import type { CallContext } from '../../tracking/call-context'
import { trackedCall } from '../../tracking/tracked-call'
import { openAIEmbeddingUsage } from './responses-usage'

type Embeddings = OpenAI['embeddings']
export type EmbeddingRequestOptions = Parameters<Embeddings['create']>[1]
type CreateResult = ReturnType<Embeddings['create']>

/**
 * Calls `embeddings.create` and logs the call: input tokens only (an embedding has no
 * completion), the model the response reports, the input as the prompt and no response text.
 */
export function trackEmbedding(
  create: (body: EmbeddingCreateParams, options?: EmbeddingRequestOptions) => CreateResult,
  body: EmbeddingCreateParams,
  options: EmbeddingRequestOptions | undefined,
  context: CallContext,
): CreateResult {
  const call = trackedCall('openai', body.model, () => renderEmbeddingInput(body.input), context)
  const promise = create(body, options)
  let respondedAt: number | undefined
  watchRequest(promise, () => (respondedAt ??= Date.now()), call.fail)
  return mapAPIPromise(promise, (result) => {
    const value = result as CreateEmbeddingResponse
    call.end({
      usage: openAIEmbeddingUsage(value?.usage),
      response: '',
      endedAt: respondedAt,
      model: value?.model,
    })
    return result
  }) as unknown as CreateResult
}

/** The texts embedded, one per paragraph; token arrays (already tokenised input) as their length. */
export function renderEmbeddingInput(input: EmbeddingCreateParams['input'] | undefined): string {
  if (typeof input === 'string') return input
  if (!Array.isArray(input)) return ''
  if (input.every((v) => typeof v === 'number')) return `[${input.length} tokens]`
  return input
    .map((v) => (typeof v === 'string' ? v : Array.isArray(v) ? `[${v.length} tokens]` : ''))
    .join('\n\n')
}
