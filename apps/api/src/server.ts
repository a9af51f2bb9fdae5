import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHTTPHandler } from '@trpc/server/adapters/standalone'
import { type ApiDeps, contextFactory } from './context'
import { appRouter } from './routers'

/** Batches of 1,000 events with content fit well inside this; larger bodies get 413. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024

export interface ApiServer {
  server: http.Server
  url: string
  close: () => Promise<void>
}

/** The api over HTTP: tRPC under `/trpc`, liveness at `GET /healthz`, database readiness at `GET /readyz`. */
export function createApiHandler(deps: ApiDeps): http.RequestListener {
  const trpc = createHTTPHandler({
    router: appRouter,
    createContext: contextFactory(deps),
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
  })
  return (req, res) => {
    const path = req.url?.split('?')[0]
    if (path === '/healthz') return json(res, 200, { status: 'ok' })
    if (path === '/readyz') {
      deps.db
        .raw('select 1')
        .then(() => json(res, 200, { status: 'ready' }))
        .catch((error: Error) => json(res, 503, { status: 'unavailable', error: error.message }))
      return
    }
    if (path?.startsWith('/trpc/')) return trpc(req, res)
    json(res, 404, { error: 'not found: the api serves /trpc/*, /healthz and /readyz' })
  }
}

export async function startApiServer(deps: ApiDeps & { port: number; host?: string }): Promise<ApiServer> {
  const server = http.createServer(createApiHandler(deps))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(deps.port, deps.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://${deps.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }),
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
