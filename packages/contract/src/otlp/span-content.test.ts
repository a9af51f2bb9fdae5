import { describe, expect, it } from 'vitest'
import { attributeMap } from './attribute-values'
import { spanContent } from './span-content'
import { keyValues } from './test-spans'

const content = (attributes: Record<string, unknown>, events: Record<string, unknown>[] = []) =>
  spanContent(
    attributeMap(keyValues(attributes)),
    events.map((e) => attributeMap(keyValues(e))),
  )

describe('spanContent', () => {
  it('renders AI SDK prompt messages, with placeholders for tool and file parts', () => {
    const messages = [
      { role: 'system', content: 'Be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this file?' },
          { type: 'file', mediaType: 'application/pdf', data: 'JVBERi0=' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'read', input: {} }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'read', output: 'secret' }],
      },
    ]
    expect(content({ 'ai.prompt.messages': JSON.stringify(messages) }).prompt).toBe(
      'system: Be brief\nuser: What is in this file?\n[file]\nassistant: [tool-call]\ntool: [tool-result]',
    )
  })

  it('shows a step that only called tools as placeholders', () => {
    const toolCalls = JSON.stringify([{ toolCallId: 'c1', toolName: 'read', input: '{}' }])
    expect(content({ 'ai.response.toolCalls': toolCalls })).toEqual({ response: '[tool-call]' })
  })

  it('prefers the span attribute to the same attribute on an event', () => {
    const onSpan = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'span' }] }])
    const onEvent = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'event' }] }])
    expect(content({ 'gen_ai.input.messages': onSpan }, [{ 'gen_ai.input.messages': onEvent }]).prompt).toBe(
      'user: span',
    )
  })

  it('gives nothing when content capture is off', () => {
    expect(content({ 'gen_ai.usage.input_tokens': 5 })).toEqual({})
  })
})
