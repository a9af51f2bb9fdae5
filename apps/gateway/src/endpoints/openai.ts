import { openAIUsage } from '@tokenledger/sdk/openai'
import { eventJson } from '../sse'
import {
  type CallResult,
  contentText,
  type Endpoint,
  isObject,
  type JsonObject,
  renderMessages,
  type StreamReader,
  stringField,
  TextAccumulator,
} from './endpoint'

/**
 * `POST /chat/completions`. A stream reports usage only when asked (`stream_options.include_usage`):
 * the gateway asks when the client did not, and hides that extra last chunk from the client.
 */
export const openAIChat: Endpoint = {
  provider: 'openai',
  taskType: 'chat.completions',
  prepare(body) {
    if (body.stream !== true) return { body, hideUsageChunk: false }
    const options = isObject(body.stream_options) ? body.stream_options : {}
    if (options.include_usage === true) return { body, hideUsageChunk: false }
    return { body: { ...body, stream_options: { ...options, include_usage: true } }, hideUsageChunk: true }
  },
  prompt: (body) => renderMessages(body.messages) || undefined,
  providerUser: (body) => stringField(body.user),
  fromJson(json) {
    const [choice] = Array.isArray(json.choices) ? json.choices : []
    const message = isObject(choice) && isObject(choice.message) ? choice.message : {}
    return {
      model: stringField(json.model),
      usage: openAIUsage(isObject(json.usage) ? json.usage : null),
      response: contentText(message.content) || undefined,
    }
  },
  stream(hideUsageChunk): StreamReader {
    const text = new TextAccumulator()
    let model: string | undefined
    let usage: JsonObject | undefined
    let error: string | undefined
    return {
      onEvent(event) {
        const chunk = eventJson(event)
        if (!chunk) return true
        model ??= stringField(chunk.model)
        if (isObject(chunk.error)) error = stringField(chunk.error.message) ?? 'stream error'
        const choices = Array.isArray(chunk.choices) ? chunk.choices : []
        for (const choice of choices)
          if (isObject(choice) && isObject(choice.delta)) text.add(choice.delta.content)
        if (isObject(chunk.usage)) {
          usage = chunk.usage
          // The usage-only chunk the client did not ask for.
          if (hideUsageChunk && choices.length === 0) return false
        }
        return true
      },
      result: () => withError({ model, usage: openAIUsage(usage ?? null), response: text.text() }, error),
    }
  },
}

/** `POST /responses`: usage arrives in `response.completed` (input includes cached, output reasoning). */
export const openAIResponses: Endpoint = {
  provider: 'openai',
  taskType: 'responses',
  prepare: (body) => ({ body, hideUsageChunk: false }),
  prompt(body) {
    const input = typeof body.input === 'string' ? `user: ${body.input}` : renderMessages(body.input)
    const instructions = stringField(body.instructions)
    return [instructions && `instructions: ${instructions}`, input].filter(Boolean).join('\n') || undefined
  },
  providerUser: (body) => stringField(body.user) ?? stringField(body.safety_identifier),
  fromJson: (json) => ({
    model: stringField(json.model),
    usage: responsesUsage(json.usage),
    response: outputText(json.output),
  }),
  stream(): StreamReader {
    const text = new TextAccumulator()
    let result: CallResult | undefined
    let model: string | undefined
    let error: string | undefined
    return {
      onEvent(event) {
        const data = eventJson(event)
        const type = event.event ?? stringField(data?.type)
        if (!data) return true
        if (type === 'response.output_text.delta') text.add(data.delta)
        else if (type === 'response.created' && isObject(data.response))
          model = stringField(data.response.model)
        else if (
          (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') &&
          isObject(data.response)
        ) {
          result = openAIResponses.fromJson(data.response)
          if (type === 'response.failed')
            error = stringField(isObject(data.response.error) ? data.response.error.message : undefined)
        } else if (type === 'error') error = stringField(data.message) ?? 'stream error'
        return true
      },
      result: () =>
        withError(
          {
            model: result?.model ?? model,
            usage: result?.usage ?? responsesUsage(null),
            response: text.text(),
          },
          error,
        ),
    }
  },
}

/** `POST /embeddings`: usage only (the vectors are not stored). */
export const openAIEmbeddings: Endpoint = {
  provider: 'openai',
  taskType: 'embeddings',
  prepare: (body) => ({ body, hideUsageChunk: false }),
  prompt(body) {
    if (typeof body.input === 'string') return body.input
    if (Array.isArray(body.input) && body.input.every((i) => typeof i === 'string'))
      return body.input.join('\n')
    return undefined
  },
  providerUser: (body) => stringField(body.user),
  fromJson: (json) => ({
    model: stringField(json.model),
    usage: openAIUsage(isObject(json.usage) ? json.usage : null),
  }),
  stream: () => ({ onEvent: () => true, result: () => ({ usage: openAIUsage(null) }) }),
}

/** The Responses API's usage in the Chat Completions shape `openAIUsage` reads (same meanings). */
export function responsesUsage(usage: unknown): CallResult['usage'] {
  if (!isObject(usage)) return openAIUsage(null)
  const input = isObject(usage.input_tokens_details) ? usage.input_tokens_details : {}
  const output = isObject(usage.output_tokens_details) ? usage.output_tokens_details : {}
  return openAIUsage({
    prompt_tokens: usage.input_tokens as number,
    completion_tokens: usage.output_tokens as number,
    prompt_tokens_details: { cached_tokens: input.cached_tokens as number },
    completion_tokens_details: { reasoning_tokens: output.reasoning_tokens as number },
  })
}

function outputText(output: unknown): string | undefined {
  if (!Array.isArray(output)) return undefined
  const text = output
    .filter((item) => isObject(item) && item.type === 'message')
    .map((item) => contentText((item as JsonObject).content))
    .join('\n')
  return text || undefined
}

function withError(result: CallResult, error: string | undefined): CallResult {
  return error ? { ...result, error } : result
}
