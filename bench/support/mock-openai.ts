import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface MockOpenAI {
  /** Base URL for the openai client (`…/v1`). */
  baseURL: string
  requests: () => number
  close: () => Promise<void>
}

const USAGE = { prompt_tokens: 420, completion_tokens: 96, total_tokens: 516 }

/**
 * A zero-delay OpenAI-compatible `POST /v1/chat/completions` on 127.0.0.1 and a free port: it reads
 * the body and answers a fixed, non-streamed completion at once (no timers, no work).
 */
export async function startMockOpenAI(): Promise<MockOpenAI> {
  let count = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      count++
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { model?: string }
      const reply = JSON.stringify({
        id: `chatcmpl-${count}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: `${body.model ?? 'gpt-4o-mini'}-2024-07-18`,
        system_fingerprint: 'fp_bench',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'The invoice was charged twice; a refund is on its way.',
              refusal: null,
            },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: USAGE,
      })
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(reply)),
      })
      res.end(reply)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
