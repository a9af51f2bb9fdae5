import { describe, expect, it } from 'vitest'
import { parseEvent } from '../sse'
import { openAIChat, openAIEmbeddings, openAIResponses } from './openai'

const event = (data: unknown, name?: string) =>
  parseEvent(
    `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
  )

describe('openAIChat', () => {
  it('asks a stream for usage when the client did not, and says so', () => {
    const prepared = openAIChat.prepare({ model: 'm', stream: true, stream_options: { other: 1 } })
    expect(prepared).toEqual({
      body: { model: 'm', stream: true, stream_options: { other: 1, include_usage: true } },
      hideUsageChunk: true,
    })
    expect(openAIChat.prepare({ stream: true, stream_options: { include_usage: true } }).hideUsageChunk).toBe(
      false,
    )
    expect(openAIChat.prepare({ model: 'm' })).toEqual({ body: { model: 'm' }, hideUsageChunk: false })
  })

  it('reads tokens (cached inside prompt, reasoning inside completion), text and model from a stream', () => {
    const reader = openAIChat.stream(true)
    const chunk = (content: string) => ({
      model: 'gpt-4o-2024-08-06',
      choices: [{ delta: { content } }],
      usage: null,
    })
    expect(reader.onEvent(event(chunk('Hel')))).toBe(true)
    expect(reader.onEvent(event(chunk('lo')))).toBe(true)
    const usage = {
      prompt_tokens: 1200,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 256 },
    }
    expect(reader.onEvent(event({ choices: [], usage }))).toBe(false)
    expect(reader.onEvent(event('[DONE]'))).toBe(true)
    expect(reader.result()).toEqual({
      model: 'gpt-4o-2024-08-06',
      response: 'Hello',
      usage: {
        promptTokens: 1200,
        completionTokens: 300,
        cachedTokens: 1024,
        cacheWriteTokens: 0,
        reasoningTokens: 256,
      },
    })
  })

  it('forwards the usage chunk when the client asked for it', () => {
    expect(openAIChat.stream(false).onEvent(event({ choices: [], usage: { prompt_tokens: 1 } }))).toBe(true)
  })

  it('reads a completion body and renders the prompt', () => {
    const result = openAIChat.fromJson({
      model: 'gpt-4o',
      choices: [{ message: { content: 'Hi' } }],
      usage: { prompt_tokens: 10, completion_tokens: 2 },
    })
    expect(result).toMatchObject({
      model: 'gpt-4o',
      response: 'Hi',
      usage: { promptTokens: 10, completionTokens: 2 },
    })
    expect(
      openAIChat.prompt({
        messages: [
          { role: 'system', content: 'Be brief' },
          { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url' }] },
        ],
      }),
    ).toBe('system: Be brief\nuser: Look\n[image_url]')
  })
})

describe('openAIResponses', () => {
  const response = {
    model: 'gpt-4.1',
    output: [{ type: 'message', content: [{ type: 'output_text', text: 'Done' }] }],
    usage: {
      input_tokens: 500,
      output_tokens: 90,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens_details: { reasoning_tokens: 40 },
    },
  }
  const expected = { promptTokens: 500, completionTokens: 90, cachedTokens: 100, reasoningTokens: 40 }

  it('reads usage from the body and from response.completed', () => {
    expect(openAIResponses.fromJson(response)).toMatchObject({
      model: 'gpt-4.1',
      response: 'Done',
      usage: expected,
    })
    const reader = openAIResponses.stream(false)
    reader.onEvent(event({ type: 'response.output_text.delta', delta: 'Do' }, 'response.output_text.delta'))
    reader.onEvent(event({ type: 'response.output_text.delta', delta: 'ne' }, 'response.output_text.delta'))
    reader.onEvent(event({ type: 'response.completed', response }, 'response.completed'))
    expect(reader.result()).toMatchObject({ model: 'gpt-4.1', response: 'Done', usage: expected })
  })

  it('renders instructions and input', () => {
    expect(openAIResponses.prompt({ instructions: 'Be brief', input: 'Hi' })).toBe(
      'instructions: Be brief\nuser: Hi',
    )
  })
})

describe('openAIEmbeddings', () => {
  it('reads prompt tokens and keeps the input as the prompt', () => {
    expect(
      openAIEmbeddings.fromJson({
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 8, total_tokens: 8 },
      }),
    ).toMatchObject({ usage: { promptTokens: 8, completionTokens: 0 } })
    expect(openAIEmbeddings.prompt({ input: ['a', 'b'] })).toBe('a\nb')
    expect(openAIEmbeddings.prompt({ input: [[1, 2]] })).toBeUndefined()
  })
})
