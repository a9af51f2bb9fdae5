import { once } from 'node:events'
import { existsSync } from 'node:fs'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { clientIp, type Db, pingDatabase, trustProxyFromEnv } from '@tokenledger/db'
import express, { type NextFunction, type Request, type Response } from 'express'
import { ADMIN_BUILD_DIR, ADMIN_SERVER_BUILD } from './build-app'
import { remixHandler } from './http/remix-handler'
import { refuse, requestGuards } from './http/request-guards'
import { normaliseOrigin } from './http/same-origin'
import { createLimitedServer, DEFAULT_SERVER_LIMITS, type ServerLimits } from './http/server-limits'

export { buildAdmin, ensureAdminBuild } from './build-app'

export interface AdminServerOptions {
  db: Db
  /** 0 picks a free port. Default 3000 (`ADMIN_PORT`). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** The clock loaders see; tests may pin it. */
  now?: () => Date
  /**
   * Behind one reverse proxy: believe its X-Forwarded-Proto (https → Secure cookie), X-Forwarded-Host
   * and X-Forwarded-For (the client IP for sign-in limits). Default: `TOKENLEDGER_TRUST_PROXY`.
   */
  trustProxy?: boolean
  /** The admin's public URL; its origin is accepted besides the Host's. Default: `TOKENLEDGER_ADMIN_URL`. */
  publicUrl?: string
  /** Timeouts, connection cap and body cap; see DEFAULT_SERVER_LIMITS. */
  limits?: Partial<ServerLimits>
}

export interface AdminServer {
  url: string
  server: http.Server
  close: () => Promise<void>
}

/**
 * Serves the built admin (`remix vite:build` → apps/admin/build) with express: fingerprinted
 * assets under /assets cached for a year, other static files for an hour, `GET /healthz`,
 * `GET /readyz` (the database answers `select 1`), and every other request rendered by Remix with
 * `{ db, now, clientIp }` as the load context — after the guards: same-origin for anything but
 * GET/HEAD (403), bodies up to `limits.maxBodyBytes` (413), no NUL in the address or the body
 * (400). Throws when the admin was never built.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { db } = options
  const now = options.now ?? (() => new Date())
  const host = options.host ?? '127.0.0.1'
  const trustProxy = options.trustProxy ?? trustProxyFromEnv()
  const publicOrigin = normaliseOrigin(options.publicUrl ?? process.env.TOKENLEDGER_ADMIN_URL ?? '')
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits }
  if (!existsSync(ADMIN_SERVER_BUILD)) {
    throw new Error(
      `The admin is not built (no ${ADMIN_SERVER_BUILD}): run \`pnpm --filter @tokenledger/admin build\` or call ensureAdminBuild() first.`,
    )
  }
  const build = (await import(/* @vite-ignore */ pathToFileURL(ADMIN_SERVER_BUILD).href)) as ServerBuild

  const app = express()
  app.disable('x-powered-by')
  // One proxy hop: req.ip is the address our proxy saw, not what the client put in X-Forwarded-For.
  app.set('trust proxy', trustProxy ? 1 : false)
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    // Override links carry their capability in the path: never send it to another site.
    res.setHeader('Referrer-Policy', 'same-origin')
    next()
  })
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' })
  })
  app.get('/readyz', async (_req, res) => {
    try {
      await pingDatabase(db)
      res.json({ status: 'ready' })
    } catch (error) {
      console.error('[admin] /readyz: the database does not answer:', error)
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' })
    }
  })
  app.get('/favicon.ico', (_req, res) => {
    res.redirect(301, '/favicon.svg')
  })
  const client = path.join(ADMIN_BUILD_DIR, 'client')
  app.use(
    '/assets',
    express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y', index: false }),
  )
  app.use(express.static(client, { maxAge: '1h', index: false }))
  app.use(requestGuards({ trustProxy, publicOrigin, maxBodyBytes: limits.maxBodyBytes }))
  app.all(
    '*',
    remixHandler(
      build,
      (req) => ({
        db,
        now,
        clientIp: clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustProxy),
      }),
      trustProxy,
    ),
  )
  // Last resort: the error goes to the log, never to the client (express would show its stack).
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error('[admin] internal error:', error)
    if (res.headersSent) return res.destroy()
    refuse(res, 500, 'Internal error.')
  })

  const server = createLimitedServer(limits, app)
  server.listen(options.port ?? 3000, host)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shown}:${port}`,
    server,
    close: async () => {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}
