import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai'
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test'

export interface TelemetryRun {
  /** The gateway's (or a capture server's) base URL; spans go to `${url}/v1/traces`. */
  url: string
  apiKey: string
  protocol: 'json' | 'protobuf'
  prompt: string
  /** `experimental_telemetry.metadata`, e.g. `{ userId: '42', category: 'summarization' }`. */
  metadata?: Record<string, string>
  /** `generate` (one call, the default), `tool-loop` (a tool call, then the answer: two calls), `stream`. */
  mode?: 'generate' | 'tool-loop' | 'stream'
}

export const ANSWER = 'Jane asked for the estimate by Friday.'

const usage = {
  inputTokens: { total: 1200, noCache: 176, cacheRead: 1024, cacheWrite: 0 },
  outputTokens: { total: 300, text: 44, reasoning: 256 },
}
const response = { id: 'chatcmpl-otlp', modelId: 'gpt-4o-2024-08-06', timestamp: new Date() }

/**
 * The Vercel AI SDK v6 as an app runs it: `generateText` / `streamText` with
 * `experimental_telemetry`, a tracer from the real OpenTelemetry SDK, and the official OTLP/HTTP
 * exporter. The model is the SDK's own mock (`openai.chat` / `gpt-4o`); every call reports 1,200
 * prompt tokens (1,024 cached) and 300 completion tokens (256 reasoning).
 */
export async function generateTextWithTelemetry(run: TelemetryRun): Promise<string> {
  const Exporter = run.protocol === 'json' ? JsonExporter : ProtoExporter
  const exporter = new Exporter({
    url: `${run.url}/v1/traces`,
    headers: { authorization: `Bearer ${run.apiKey}` },
  })
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] })
  let calls = 0
  const model = new MockLanguageModelV3({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async () => {
      calls++
      const toolCall = run.mode === 'tool-loop' && calls === 1
      return {
        content: toolCall
          ? [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'lookupNote', input: '{"id":"7"}' }]
          : [{ type: 'text', text: ANSWER }],
        finishReason: { unified: toolCall ? 'tool-calls' : 'stop', raw: undefined },
        usage,
        response,
        warnings: [],
      }
    },
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: [
          { type: 'stream-start', warnings: [] },
          { type: 'response-metadata', ...response },
          { type: 'text-start', id: 't1' },
          { type: 'text-delta', id: 't1', delta: ANSWER },
          { type: 'text-end', id: 't1' },
          { type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage },
        ],
      }),
    }),
  })
  const telemetry = {
    isEnabled: true,
    functionId: 'summarise-note',
    tracer: provider.getTracer('ai'),
    ...(run.metadata ? { metadata: run.metadata } : {}),
  }
  const options = {
    model,
    system: 'You summarise notes.',
    prompt: run.prompt,
    experimental_telemetry: telemetry,
    tools: {
      lookupNote: tool({
        inputSchema: jsonSchema<{ id: string }>({ type: 'object', properties: { id: { type: 'string' } } }),
        execute: async ({ id }) => `note ${id}`,
      }),
    },
    stopWhen: stepCountIs(3),
  }
  const text = run.mode === 'stream' ? await streamText(options).text : (await generateText(options)).text
  await provider.forceFlush()
  await provider.shutdown()
  return text
}
