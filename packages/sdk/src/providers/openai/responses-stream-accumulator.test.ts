import type { ResponseStreamEvent } from 'openai/resources/responses/responses'
import { describe, expect, it } from 'vitest'
import { ResponsesStreamAccumulator } from './responses-stream-accumulator'

const event = (value: object) => value as ResponseStreamEvent
const message = (text: string) => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text }],
})
const usage = { input_tokens: 10, output_tokens: 4, output_tokens_details: { reasoning_tokens: 1 } }

describe('ResponsesStreamAccumulator', () => {
  it('takes output, usage and model from the final event', () => {
    const accumulator = new ResponsesStreamAccumulator()
    accumulator.add(event({ type: 'response.created', response: { model: 'gpt-x' } }))
    accumulator.add(event({ type: 'response.output_text.delta', output_index: 0, delta: 'Hel' }))
    accumulator.add(
      event({
        type: 'response.completed',
        response: { model: 'gpt-x-1', output: [message('Hello')], usage },
      }),
    )
    expect(accumulator.text).toBe('Hello')
    expect(accumulator.model).toBe('gpt-x-1')
    expect(accumulator.usage).toMatchObject({ promptTokens: 10, completionTokens: 4, reasoningTokens: 1 })
    expect(accumulator.error).toBeUndefined()
  })

  it('before the final event, joins finished items and the text of the one under way', () => {
    const accumulator = new ResponsesStreamAccumulator()
    accumulator.add(
      event({
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'function_call', name: 'lookup', arguments: '{"id":1}' },
      }),
    )
    accumulator.add(event({ type: 'response.output_text.delta', output_index: 1, delta: 'Half a sen' }))
    expect(accumulator.text).toBe('[tool call lookup] {"id":1}\nHalf a sen')
    expect(accumulator.usage.promptTokens).toBe(0)
  })

  it('reports a failed response as an error, keeping its usage', () => {
    const accumulator = new ResponsesStreamAccumulator()
    accumulator.add(
      event({
        type: 'response.failed',
        response: {
          model: 'gpt-x',
          output: [],
          usage,
          error: { code: 'server_error', message: 'upstream broke' },
        },
      }),
    )
    expect(accumulator.error?.message).toBe('upstream broke')
    expect(accumulator.usage.promptTokens).toBe(10)
  })
})
