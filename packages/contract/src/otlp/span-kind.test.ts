import { describe, expect, it } from 'vitest'
import { attributeMap } from './attribute-values'
import { spanKind } from './span-kind'
import { keyValues } from './test-spans'

const kind = (attributes: Record<string, unknown>, name?: string) =>
  spanKind(attributeMap(keyValues(attributes)), name)

describe('spanKind', () => {
  it.each([
    ['ai.generateText.doGenerate', 'call'],
    ['ai.streamText.doStream', 'call'],
    ['ai.generateObject.doGenerate', 'call'],
    ['ai.embedMany.doEmbed', 'call'],
    ['ai.generateText', 'aggregate'],
    ['ai.streamText', 'aggregate'],
    ['ai.embed', 'aggregate'],
    ['ai.toolCall', 'other'],
  ])('AI SDK %s is %s', (operationId, expected) => {
    expect(kind({ 'ai.operationId': operationId, 'ai.usage.inputTokens': 10 })).toBe(expected)
  })

  it.each([
    ['chat', 'call'],
    ['embeddings', 'call'],
    ['generate_content', 'call'],
    ['invoke_agent', 'aggregate'],
    ['execute_tool', 'other'],
  ])('gen_ai.operation.name %s is %s', (operation, expected) => {
    expect(kind({ 'gen_ai.operation.name': operation, 'gen_ai.usage.input_tokens': 10 })).toBe(expected)
  })

  it('needs a model and token counts when no operation is named', () => {
    expect(kind({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.prompt_tokens': 3 })).toBe('call')
    expect(kind({ 'gen_ai.request.model': 'gpt-4o' })).toBe('other')
    expect(kind({ 'gen_ai.usage.prompt_tokens': 3 })).toBe('other')
    expect(kind({ 'http.request.method': 'POST' }, 'POST')).toBe('other')
  })
})
