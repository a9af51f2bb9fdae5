import type Anthropic from '@anthropic-ai/sdk'
import type {
  Message,
  MessageCreateParams,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages'
import { mapAPIPromise, watchRequest } from '../../tracking/api-promise'
import type { CallContext } from '../../tracking/call-context'
import { observeStream, type ProviderStream } from '../../tracking/observe-stream'
import { NO_USAGE } from '../../tracking/token-usage'
import { trackedCall } from '../../tracking/tracked-call'
import { AnthropicStreamAccumulator } from './anthropic-stream-accumulator'
import { anthropicUsage } from './anthropic-usage'
import { renderAnthropicRequest, renderAnthropicResponse } from './render-anthropic'

type Messages = Anthropic['messages']
export type AnthropicRequestOptions = Parameters<Messages['create']>[1]
type CreateResult = ReturnType<Messages['create']>

/**
 * Calls `create` and logs the call in the background: duration, normalised usage (cache reads
 * and writes added to the input tokens), prompt and response, or the error. Returns what
 * `create` returns; a stream is passed through event by event and logged when it ends, fails or
 * is abandoned.
 */
export function trackMessage(
  create: (body: MessageCreateParams, options?: AnthropicRequestOptions) => CreateResult,
  body: MessageCreateParams,
  options: AnthropicRequestOptions | undefined,
  context: CallContext,
): CreateResult {
  const call = trackedCall('anthropic', body.model, () => renderAnthropicRequest(body), context)
  const promise = create(body, options)

  if (body.stream) {
    watchRequest(promise, () => {}, call.fail)
    return mapAPIPromise(promise as PromiseLike<unknown>, (stream) => {
      const accumulator = new AnthropicStreamAccumulator()
      return observeStream<RawMessageStreamEvent, ProviderStream<RawMessageStreamEvent>>(
        stream as ProviderStream<RawMessageStreamEvent>,
        {
          onItem: (event) => {
            accumulator.add(event)
            return true
          },
          onEnd: ({ error, cancelled }) =>
            call.end({ usage: accumulator.usage, response: accumulator.text, error, cancelled }),
        },
      )
    }) as unknown as CreateResult
  }

  let respondedAt: number | undefined
  watchRequest(promise, () => (respondedAt ??= Date.now()), call.fail)
  return mapAPIPromise(promise, (result) => {
    const message = result as Message
    let response = ''
    try {
      response = renderAnthropicResponse(message)
    } catch {}
    call.end({
      usage: message?.usage ? anthropicUsage(message.usage) : { ...NO_USAGE },
      response,
      endedAt: respondedAt,
    })
    return result
  }) as unknown as CreateResult
}
