import { describe, expect, it } from 'vitest'
import { requestShape } from './request-shape'

describe('requestShape', () => {
  it('reads a chat completion: message texts and parts, tools, max_completion_tokens first', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: {} } }]
    expect(
      requestShape({
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Look:' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            ],
          },
        ],
        tools,
        max_tokens: 50,
        max_completion_tokens: 70,
      }),
    ).toEqual({ texts: ['Be brief.', 'Look:', JSON.stringify(tools)], maxOutputTokens: 70 })
  })

  it('reads a Responses request: instructions, input items, max_output_tokens, not the text config', () => {
    expect(
      requestShape({
        model: 'gpt-4o',
        instructions: 'Be brief.',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
        text: { format: { type: 'text' } },
        max_output_tokens: 30,
      }),
    ).toEqual({ texts: ['Be brief.', 'Hi'], maxOutputTokens: 30 })
    expect(requestShape({ model: 'gpt-4o', input: 'Hello' })).toEqual({
      texts: ['Hello'],
      maxOutputTokens: undefined,
    })
  })

  it('reads an Anthropic message: system blocks, messages, max_tokens; not image data', () => {
    expect(
      requestShape({
        model: 'claude-sonnet-4-5',
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              { type: 'text', text: 'What is this?' },
            ],
          },
          { role: 'assistant', content: 'A cat.' },
        ],
        max_tokens: 256,
      }),
    ).toEqual({ texts: ['Be brief.', 'What is this?', 'A cat.'], maxOutputTokens: 256 })
  })

  it("reads the AI SDK's call options: prompt parts and maxOutputTokens", () => {
    expect(
      requestShape({
        prompt: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolName: 't', output: { type: 'text', value: '42' } }],
          },
        ],
        maxOutputTokens: 99,
      }),
    ).toEqual({ texts: ['Be brief.', 'Hi', '42'], maxOutputTokens: 99 })
  })

  it('reads embeddings input and ignores what is not a request', () => {
    expect(requestShape({ model: 'text-embedding-3-small', input: ['a', 'b'] }).texts).toEqual(['a', 'b'])
    expect(requestShape(null)).toEqual({ texts: [], maxOutputTokens: undefined })
    expect(requestShape({ messages: [], max_tokens: -1 })).toEqual({ texts: [], maxOutputTokens: undefined })
  })
})
