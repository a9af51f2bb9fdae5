import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An HTTP proxy to `target` that loses the first `drop` responses: the request reaches the
 * target and is fully processed, then the client's connection is cut before it sees the answer
 * (like a network failure after the server committed).
 */
export async function startDroppingProxy(target: string, drop = 1) {
  let toDrop = drop
  const state = { forwarded: 0, dropped: 0 }
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
        ),
      ) as Record<string, string>,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    })
    const body = Buffer.from(await upstream.arrayBuffer())
    state.forwarded++
    if (toDrop > 0) {
      toDrop--
      state.dropped++
      req.socket.destroy()
      return
    }
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    })
    res.end(body)
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
