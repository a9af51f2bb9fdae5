import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown>
}

export interface MockServer {
  url: string
  requests: RecordedRequest[]
  close: () => Promise<void>
}

export type Handler = (request: RecordedRequest, res: http.ServerResponse) => void | Promise<void>

/** A JSON-over-HTTP server on 127.0.0.1 and a free port, recording every request. */
export async function startMockServer(handler: Handler): Promise<MockServer> {
  const requests: RecordedRequest[] = []
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      headers: req.headers,
      body: text ? JSON.parse(text) : {},
    }
    requests.push(request)
    try {
      await handler(request, res)
    } catch (error) {
      if (!res.headersSent) json(res, 500, { error: { message: (error as Error).message } })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Writes server-sent events, one `data:` (and optional `event:`) per item, a little apart. */
export async function sse(
  res: http.ServerResponse,
  events: Array<{ event?: string; data: unknown }>,
  delayMs = 2,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  for (const { event, data } of events) {
    if (res.destroyed) return
    res.write(
      `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    )
    await new Promise((resolve) => setTimeout(resolve, delayMs))
  }
  res.end()
}
