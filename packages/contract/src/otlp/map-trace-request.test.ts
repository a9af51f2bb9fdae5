import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { usageEventSchema } from '../usage-event-schema'
import { mapTraceRequest } from './map-trace-request'
import { otlpTraceRequestSchema } from './otlp-request'
import { request, span } from './test-spans'

// Captured from the official OTLP/HTTP JSON exporter (0.223.1) behind the Vercel AI SDK 6.0.333:
// `generateText` with `experimental_telemetry` (functionId summarise-note, metadata userId 42,
// category, purpose, team) on the SDK's MockLanguageModelV3 as `openai.chat` / `gpt-4o`.
// One request holds the wrapper span `ai.generateText` and its call span `ai.generateText.doGenerate`.
const vercel = otlpTraceRequestSchema.parse(
  JSON.parse(readFileSync(new URL('./fixtures/vercel-ai-v6-generate-text.json', import.meta.url), 'utf8')),
)

describe('mapTraceRequest: Vercel AI SDK', () => {
  const mapping = mapTraceRequest(vercel)
  const [event] = mapping.events

  it('logs the doGenerate span and ignores its ai.generateText wrapper', () => {
    expect(mapping).toMatchObject({ spans: 2, ignored: 1, invalid: [] })
    expect(mapping.events).toHaveLength(1)
    expect(event?.taskType).toBe('ai.generateText.doGenerate')
  })

  it('maps provider, models, tokens, attribution and content', () => {
    const doGenerate = vercel.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.find(
      (s) => s.name === 'ai.generateText.doGenerate',
    )
    expect(event).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 1200,
      completionTokens: 300,
      cachedTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 256,
      success: true,
      // The AI SDK's metadata userId is the app's own id.
      user: { externalId: '42' },
      category: 'summarization',
      purposeDetail: 'Weekly digest',
      idempotencyKey: `otlp:${doGenerate?.traceId}:${doGenerate?.spanId}`,
      prompt:
        'system: You summarise notes.\nuser: Summarise the note from jane.doe@example.com, phone 415-555-0132.',
      response: 'Jane asked for the estimate by Friday.',
      metadata: {
        otlp: {
          traceId: doGenerate?.traceId,
          spanId: doGenerate?.spanId,
          name: 'ai.generateText.doGenerate',
        },
        responseModel: 'gpt-4o-2024-08-06',
        functionId: 'summarise-note',
        telemetry: { team: 'sales' },
      },
    })
    const startMs = Number(BigInt(doGenerate?.startTimeUnixNano ?? 0) / 1_000_000n)
    expect(event?.occurredAt).toBe(new Date(startMs).toISOString())
  })

  it('gives events the usage-event schema accepts', () => {
    expect(usageEventSchema.safeParse(event).error?.issues).toBeUndefined()
  })
})

describe('mapTraceRequest: GenAI semantic conventions', () => {
  // The semconv example "Simple chat completion, content capturing enabled on span attributes".
  const semconvChat = {
    'gen_ai.provider.name': 'openai',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4',
    'gen_ai.request.max_tokens': 200,
    'gen_ai.request.top_p': 1.0,
    'gen_ai.response.id': 'chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l',
    'gen_ai.response.model': 'gpt-4-0613',
    'gen_ai.usage.output_tokens': 47,
    'gen_ai.usage.input_tokens': 52,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.input.messages': JSON.stringify([
      { role: 'system', parts: [{ type: 'text', content: 'You are a helpful bot' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Tell me a joke about OpenTelemetry' }] },
    ]),
    'gen_ai.output.messages': JSON.stringify([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Because it always knows how to trace the fun!' }],
        finish_reason: 'stop',
      },
    ]),
  }

  it('maps the spec example, content on span attributes', () => {
    const { events } = mapTraceRequest(request([span(semconvChat)], { 'service.name': 'billing' }))
    expect(events).toEqual([
      {
        provider: 'openai',
        model: 'gpt-4',
        promptTokens: 52,
        completionTokens: 47,
        cachedTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        success: true,
        taskType: 'chat',
        idempotencyKey: 'otlp:4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7',
        occurredAt: '2025-12-03T12:00:00.000Z',
        durationMs: 1250,
        metadata: {
          otlp: {
            traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
            spanId: '00f067aa0ba902b7',
            name: 'chat gpt-4',
          },
          responseModel: 'gpt-4-0613',
        },
        prompt: 'system: You are a helpful bot\nuser: Tell me a joke about OpenTelemetry',
        response: 'Because it always knows how to trace the fun!',
      },
    ])
  })

  it('reads content from the inference-details event and the old gen_ai.system name', () => {
    const { 'gen_ai.input.messages': input, 'gen_ai.output.messages': output, ...rest } = semconvChat
    const { 'gen_ai.provider.name': _, ...withoutProvider } = rest
    const { events } = mapTraceRequest(
      request([
        span(
          {
            ...withoutProvider,
            'gen_ai.system': 'gcp.gemini',
            'gen_ai.system_instructions': '[{"type":"text","content":"Be brief"}]',
          },
          {
            events: [
              {
                name: 'gen_ai.client.inference.operation.details',
                attributes: [
                  { key: 'gen_ai.input.messages', value: { stringValue: input } },
                  { key: 'gen_ai.output.messages', value: { stringValue: output } },
                ],
              },
            ],
          },
        ),
      ]),
    )
    expect(events[0]).toMatchObject({
      provider: 'google',
      prompt: 'system: Be brief\nsystem: You are a helpful bot\nuser: Tell me a joke about OpenTelemetry',
      response: 'Because it always knows how to trace the fun!',
    })
  })

  it('records a span with status ERROR as a failed call, with the exception message', () => {
    const { events } = mapTraceRequest(
      request([
        span(
          {
            'gen_ai.provider.name': 'anthropic',
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'claude-sonnet-4-5',
            'error.type': '529',
          },
          {
            status: { code: 2 },
            events: [
              {
                name: 'exception',
                attributes: [
                  { key: 'exception.type', value: { stringValue: 'OverloadedError' } },
                  { key: 'exception.message', value: { stringValue: 'Overloaded' } },
                ],
              },
            ],
          },
        ),
      ]),
    )
    expect(events[0]).toMatchObject({
      success: false,
      errorMessage: 'OverloadedError: Overloaded',
      promptTokens: 0,
    })
  })

  it('takes a cost the span states (gen_ai.usage.cost) instead of the catalog', () => {
    const { events } = mapTraceRequest(request([span({ ...semconvChat, 'gen_ai.usage.cost': 0.0123456789 })]))
    expect(events[0]?.cost).toBe('0.0123456789')
  })
})

describe('mapTraceRequest: OpenLLMetry and OpenInference', () => {
  it('maps an OpenLLMetry Anthropic span (indexed prompt attributes, underscore cache names)', () => {
    const { events } = mapTraceRequest(
      request([
        span({
          'gen_ai.system': 'Anthropic',
          'llm.request.type': 'chat',
          'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
          'gen_ai.usage.prompt_tokens': 1773,
          'gen_ai.usage.completion_tokens': 20,
          'gen_ai.usage.cache_creation_input_tokens': 1733,
          'gen_ai.usage.cache_read_input_tokens': 0,
          'gen_ai.prompt.0.role': 'user',
          'gen_ai.prompt.0.content': 'Analyze the major themes',
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': 'Pride and love.',
        }),
      ]),
    )
    expect(events[0]).toMatchObject({
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-20241022',
      promptTokens: 1773,
      cacheWriteTokens: 1733,
      taskType: 'chat',
      prompt: 'user: Analyze the major themes',
      response: 'Pride and love.',
    })
  })

  it('maps an OpenInference LLM span', () => {
    const { events } = mapTraceRequest(
      request([
        span({
          'openinference.span.kind': 'LLM',
          'llm.provider': 'openai',
          'llm.model_name': 'gpt-4o-mini',
          'llm.token_count.prompt': 100,
          'llm.token_count.completion': 50,
          'llm.token_count.prompt_details.cache_read': 5,
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'Hi',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.content': 'Hello',
        }),
      ]),
    )
    expect(events[0]).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      promptTokens: 100,
      completionTokens: 50,
      cachedTokens: 5,
      prompt: 'user: Hi',
      response: 'Hello',
    })
  })
})

describe('mapTraceRequest: what is not logged', () => {
  it('ignores HTTP, agent and tool spans, and counts them', () => {
    const mapping = mapTraceRequest(
      request([
        span(
          { 'http.request.method': 'POST', 'url.full': 'https://api.openai.com/v1/chat/completions' },
          { name: 'POST' },
        ),
        span(
          { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': 30 },
          { name: 'invoke_agent code_search' },
        ),
        span(
          { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'Grep' },
          { name: 'execute_tool Grep' },
        ),
        span({ 'openinference.span.kind': 'CHAIN' }),
        span({ 'ai.operationId': 'ai.streamText', 'ai.usage.inputTokens': 10 }, { name: 'ai.streamText' }),
      ]),
    )
    expect(mapping).toEqual({ events: [], ignored: 5, invalid: [], spans: 5 })
  })

  it('refuses a call span without usable ids, a string Tokenledger id, or a user in both forms', () => {
    const call = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }
    const mapping = mapTraceRequest(
      request([
        span(call, { spanId: '0000000000000000' }),
        span(call, { traceId: 'not-hex' }),
        span({ ...call, 'tokenledger.user.tokenledger_id': 'user_abc' }),
        span({ ...call, 'tokenledger.user.id': 'usr_1', 'tokenledger.user.tokenledger_id': 4 }),
        span({ ...call, 'tokenledger.document.id': 'x'.repeat(256) }),
      ]),
    )
    expect(mapping.events).toEqual([])
    expect(mapping.invalid).toEqual([
      'span "chat gpt-4": traceId must be 32 and spanId 16 hex digits, not all zero',
      'span "chat gpt-4": traceId must be 32 and spanId 16 hex digits, not all zero',
      expect.stringMatching(
        /^span 00f067aa0ba902b7: tokenledger\.user\.tokenledger_id must be a numeric Tokenledger id \(got "user_abc"\); the app's own ids go in tokenledger\.user\.id$/,
      ),
      expect.stringMatching(
        /name the user either by tokenledger\.user\.id \(your own id\) or by tokenledger\.user\.tokenledger_id, not both$/,
      ),
      expect.stringMatching(/tokenledger\.document\.id is your own id: must be at most 255 characters$/),
    ])
  })

  it('takes attribution from the resource, the span winning over it', () => {
    const { events } = mapTraceRequest(
      request(
        [
          span({
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'tokenledger.project.id': '9',
          }),
        ],
        {
          'tokenledger.project.id': 3,
          'tokenledger.category': 'classification',
          'enduser.id': 'u-77',
          'session.id': 's-1',
        },
      ),
    )
    expect(events[0]).toMatchObject({
      project: { externalId: '9' },
      // OpenTelemetry's end user is the app's user when no Tokenledger attribute names one.
      user: { externalId: 'u-77' },
      category: 'classification',
      metadata: { endUser: 'u-77', session: 's-1' },
    })
  })

  it('takes numeric Tokenledger ids under their own names, and lets them win over enduser.id', () => {
    const { events } = mapTraceRequest(
      request([
        span({
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'tokenledger.user.tokenledger_id': 12,
          'ai.telemetry.metadata.tokenledgerDocumentId': '44',
          'enduser.id': 'u-77',
        }),
      ]),
    )
    expect(events[0]).toMatchObject({ userId: 12, documentId: 44 })
    expect(events[0]?.user).toBeUndefined()
  })
})
