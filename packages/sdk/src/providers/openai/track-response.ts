import type OpenAI from 'openai'
import type {
  Response,
  ResponseCreateParams,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses'
import { mapAPIPromise, watchRequest } from '../../tracking/api-promise'
import type { CallContext } from '../../tracking/call-context'
import { observeStream, type ProviderStream } from '../../tracking/observe-stream'
import { trackedCall } from '../../tracking/tracked-call'
import { renderResponsesInput, renderResponsesOutput } from './render-responses'
import { ResponsesStreamAccumulator } from './responses-stream-accumulator'
import { openAIResponsesUsage } from './responses-usage'

type Responses = OpenAI['responses']
export type ResponsesRequestOptions = Parameters<Responses['create']>[1]
type CreateResult = ReturnType<Responses['create']>

/**
 * Calls `responses.create` and logs the call like a chat completion: duration, normalised usage
 * (`input_tokens` with its cached part, `output_tokens` with its reasoning part), the model the
 * response reports, prompt and response, or the error. A stream is passed through event by event
 * and logged when it ends (usage from `response.completed`), fails or is abandoned.
 */
export function trackResponse(
  create: (body: ResponseCreateParams, options?: ResponsesRequestOptions) => CreateResult,
  body: ResponseCreateParams,
  options: ResponsesRequestOptions | undefined,
  context: CallContext,
): CreateResult {
  // A call from a stored prompt may name no model; the response reports the one that ran.
  const call = trackedCall('openai', body.model || 'unknown', () => renderResponsesInput(body), context)
  const promise = create(body, options)

  if (body.stream) {
    watchRequest(promise, () => {}, call.fail)
    return mapAPIPromise(promise as PromiseLike<unknown>, (stream) => {
      const accumulator = new ResponsesStreamAccumulator()
      return observeStream<ResponseStreamEvent, ProviderStream<ResponseStreamEvent>>(
        stream as ProviderStream<ResponseStreamEvent>,
        {
          onItem: (event) => {
            accumulator.add(event)
            return true
          },
          onEnd: ({ error, cancelled }) =>
            call.end({
              usage: accumulator.usage,
              response: accumulator.text,
              error: error ?? accumulator.error,
              cancelled,
              model: accumulator.model,
            }),
        },
      )
    }) as unknown as CreateResult
  }

  let respondedAt: number | undefined
  watchRequest(promise, () => (respondedAt ??= Date.now()), call.fail)
  return mapAPIPromise(promise, (result) => {
    const response = result as Response
    let text = ''
    try {
      text = renderResponsesOutput(response?.output)
    } catch {}
    call.end({
      usage: openAIResponsesUsage(response?.usage),
      response: text,
      endedAt: respondedAt,
      model: response?.model,
    })
    return result
  }) as unknown as CreateResult
}
