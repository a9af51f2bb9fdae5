import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { generateText } from 'ai'
import { MockLanguageModelV3 } from 'ai/test'

export interface TelemetryRun {
  /** The gateway's (or a capture server's) base URL; spans go to `${url}/v1/traces`. */
  url: string
  apiKey: string
  protocol: 'json' | 'protobuf'
  prompt: string
  /** `experimental_telemetry.metadata`, e.g. `{ userId: '42', category: 'summarization' }`. */
  metadata?: Record<string, string>
}

/**
 * The Vercel AI SDK v6 as an app runs it: `generateText` with `experimental_telemetry`, a tracer
 * from the real OpenTelemetry SDK, and the official OTLP/HTTP exporter. The model is the SDK's
 * own mock (`openai.chat` / `gpt-4o`) answering with cache and reasoning token counts.
 */
export async function generateTextWithTelemetry(run: TelemetryRun): Promise<string> {
  const Exporter = run.protocol === 'json' ? JsonExporter : ProtoExporter
  const exporter = new Exporter({
    url: `${run.url}/v1/traces`,
    headers: { authorization: `Bearer ${run.apiKey}` },
  })
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] })
  const model = new MockLanguageModelV3({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async () => ({
      content: [{ type: 'text', text: 'Jane asked for the estimate by Friday.' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 1200, noCache: 176, cacheRead: 1024, cacheWrite: 0 },
        outputTokens: { total: 300, text: 44, reasoning: 256 },
      },
      response: { id: 'chatcmpl-otlp', modelId: 'gpt-4o-2024-08-06', timestamp: new Date() },
      warnings: [],
    }),
  })
  const result = await generateText({
    model,
    system: 'You summarise notes.',
    prompt: run.prompt,
    experimental_telemetry: {
      isEnabled: true,
      functionId: 'summarise-note',
      tracer: provider.getTracer('ai'),
      ...(run.metadata ? { metadata: run.metadata } : {}),
    },
  })
  await provider.forceFlush()
  await provider.shutdown()
  return result.text
}
