import { anthropicUsage } from '@tokenledger/sdk/anthropic'
import { eventJson } from '../sse'
import {
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
 * `POST /messages`. A stream reports usage twice: `message_start` (input side, a first output
 * count) and `message_delta` (cumulative output); fields a later event sets win.
 */
export const anthropicMessages: Endpoint = {
  provider: 'anthropic',
  taskType: 'messages',
  prepare: (body) => ({ body, hideUsageChunk: false }),
  prompt(body) {
    const system = contentText(body.system)
    const messages = renderMessages(body.messages)
    return [system && `system: ${system}`, messages].filter(Boolean).join('\n') || undefined
  },
  providerUser: (body) => (isObject(body.metadata) ? stringField(body.metadata.user_id) : undefined),
  fromJson: (json) => ({
    model: stringField(json.model),
    usage: anthropicUsage(isObject(json.usage) ? json.usage : null),
    response: contentText(json.content) || undefined,
  }),
  stream(): StreamReader {
    const text = new TextAccumulator()
    let model: string | undefined
    let usage: JsonObject = {}
    let error: string | undefined
    return {
      onEvent(event) {
        const data = eventJson(event)
        if (!data) return true
        const type = event.event ?? data.type
        if (type === 'message_start' && isObject(data.message)) {
          model = stringField(data.message.model)
          usage = mergeUsage(usage, data.message.usage)
        } else if (type === 'message_delta') usage = mergeUsage(usage, data.usage)
        else if (type === 'content_block_delta' && isObject(data.delta)) text.add(data.delta.text)
        else if (type === 'error')
          error = (isObject(data.error) ? stringField(data.error.message) : undefined) ?? 'stream error'
        return true
      },
      result: () => ({
        model,
        usage: anthropicUsage(usage),
        response: text.text(),
        ...(error ? { error } : {}),
      }),
    }
  },
}

/** Non-null fields of the later usage win over the earlier ones. */
export function mergeUsage(earlier: JsonObject, later: unknown): JsonObject {
  const merged = { ...earlier }
  if (isObject(later))
    for (const [key, value] of Object.entries(later)) if (value != null) merged[key] = value
  return merged
}
