import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An HTTP proxy to a real api that answers a `usage.logBatch` request holding a poison event (one
 * `isPoison` picks) with the tRPC 500 the api gives when one event makes its batch insert fail,
 * and forwards everything else. `status` makes it answer every request with that status instead
 * (an api whose database is down, or that is restarting).
 */
export async function startPoisoningProxy(
  target: string,
  isPoison: (event: Record<string, unknown>) => boolean,
) {
  const state = { forwarded: 0, poisoned: 0, status: undefined as number | undefined }
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const calls = body.length
      ? (JSON.parse(body.toString('utf8')) as Record<string, { events?: unknown[] }>)
      : {}
    const poisoned = Object.values(calls).some((call) =>
      (call.events ?? []).some((e) => isPoison(e as Record<string, unknown>)),
    )
    if (state.status || poisoned) {
      if (poisoned) state.poisoned++
      return trpcError(res, state.status ?? 500, Object.keys(calls).length || 1)
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
        ),
      ) as Record<string, string>,
      ...(body.length ? { body } : {}),
    })
    state.forwarded++
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    })
    res.end(Buffer.from(await upstream.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A tRPC batch response in which every call failed with `status`, as the api's error formatter writes it. */
function trpcError(res: http.ServerResponse, status: number, calls: number): void {
  const code = status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR'
  const error = {
    error: {
      message: status === 503 ? 'the api is restarting' : 'invalid byte sequence for encoding "UTF8": 0x00',
      code: -32603,
      data: { code, httpStatus: status, path: 'usage.logBatch' },
    },
  }
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(Array.from({ length: calls }, () => error)))
}
