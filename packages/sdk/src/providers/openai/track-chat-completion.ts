import type OpenAI from 'openai'
import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions'
import { mapAPIPromise, watchRequest } from '../../tracking/api-promise'
import type { CallContext } from '../../tracking/call-context'
import { observeStream, type ProviderStream } from '../../tracking/observe-stream'
import { NO_USAGE } from '../../tracking/token-usage'
import { trackedCall } from '../../tracking/tracked-call'
import { isUsageOnlyChunk, OpenAIStreamAccumulator } from './openai-stream-accumulator'
import { openAIUsage } from './openai-usage'
import { renderOpenAIMessages, renderOpenAIResponse } from './render-openai'

type Completions = OpenAI['chat']['completions']
export type OpenAIRequestOptions = Parameters<Completions['create']>[1]
type ChatCompletionChunk = import('openai/resources/chat/completions').ChatCompletionChunk
type CreateResult = ReturnType<Completions['create']>

/**
 * Calls `create` and logs the call in the background: duration, normalised usage, prompt and
 * response, or the error. Returns what `create` returns, the same kind of APIPromise; a stream is
 * passed through chunk by chunk and logged when it ends, fails or is abandoned.
 *
 * For streams, `stream_options.include_usage` is turned on unless the caller set it; the extra
 * usage-only chunk it adds is then hidden, so the caller sees the chunks it would have seen.
 */
export function trackChatCompletion(
  create: (body: ChatCompletionCreateParams, options?: OpenAIRequestOptions) => CreateResult,
  body: ChatCompletionCreateParams,
  options: OpenAIRequestOptions | undefined,
  context: CallContext,
): CreateResult {
  const call = trackedCall('openai', body.model, () => renderOpenAIMessages(body.messages), context)

  if (body.stream) {
    const addUsage = body.stream_options?.include_usage == null
    const sent = addUsage
      ? { ...body, stream_options: { ...body.stream_options, include_usage: true } }
      : body
    const promise = create(sent, options)
    watchRequest(promise, () => {}, call.fail)
    return mapAPIPromise(promise as PromiseLike<unknown>, (stream) => {
      const accumulator = new OpenAIStreamAccumulator()
      return observeStream<ChatCompletionChunk, ProviderStream<ChatCompletionChunk>>(
        stream as ProviderStream<ChatCompletionChunk>,
        {
          onItem: (chunk) => {
            accumulator.add(chunk)
            return !(addUsage && isUsageOnlyChunk(chunk))
          },
          onEnd: ({ error, cancelled }) =>
            call.end({ usage: accumulator.usage, response: accumulator.text, error, cancelled }),
        },
      )
    }) as unknown as CreateResult
  }

  const promise = create(body, options)
  let respondedAt: number | undefined
  watchRequest(promise, () => (respondedAt ??= Date.now()), call.fail)
  return mapAPIPromise(promise, (completion) => {
    const value = completion as ChatCompletion
    call.end({
      usage: value?.usage ? openAIUsage(value.usage) : { ...NO_USAGE },
      response: safeRender(() => renderOpenAIResponse(value)),
      endedAt: respondedAt,
    })
    return completion
  }) as unknown as CreateResult
}

function safeRender(render: () => string): string {
  try {
    return render()
  } catch {
    return ''
  }
}
