import { describe, expect, it } from 'vitest'
import { parseEvent } from '../sse'
import { anthropicMessages } from './anthropic'

const event = (name: string, data: unknown) => parseEvent(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)

describe('anthropicMessages', () => {
  it('adds cache reads and writes to the prompt, from a body', () => {
    const result = anthropicMessages.fromJson({
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello' }],
      usage: {
        input_tokens: 50,
        output_tokens: 400,
        cache_read_input_tokens: 2000,
        cache_creation_input_tokens: 300,
      },
    })
    expect(result).toEqual({
      model: 'claude-sonnet-4-5',
      response: 'Hello',
      usage: {
        promptTokens: 2350,
        completionTokens: 400,
        cachedTokens: 2000,
        cacheWriteTokens: 300,
        reasoningTokens: 0,
      },
    })
  })

  it('merges message_start and message_delta usage in a stream', () => {
    const reader = anthropicMessages.stream(false)
    reader.onEvent(
      event('message_start', {
        type: 'message_start',
        message: {
          model: 'claude-x',
          usage: { input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 2000 },
        },
      }),
    )
    reader.onEvent(
      event('content_block_delta', {
        type: 'content_block_delta',
        delta: { type: 'text_delta', text: 'Hi' },
      }),
    )
    reader.onEvent(
      event('message_delta', { type: 'message_delta', usage: { output_tokens: 400, input_tokens: null } }),
    )
    expect(reader.result()).toMatchObject({
      model: 'claude-x',
      response: 'Hi',
      usage: { promptTokens: 2050, completionTokens: 400, cachedTokens: 2000 },
    })
  })

  it('reports an error event of a stream', () => {
    const reader = anthropicMessages.stream(false)
    reader.onEvent(
      event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    )
    expect(reader.result().error).toBe('Overloaded')
  })

  it('renders the system prompt and messages, and reads metadata.user_id', () => {
    const body = {
      system: 'Be brief',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { user_id: 'u-7' },
    }
    expect(anthropicMessages.prompt(body)).toBe('system: Be brief\nuser: Hi')
    expect(anthropicMessages.providerUser(body)).toBe('u-7')
  })
})
