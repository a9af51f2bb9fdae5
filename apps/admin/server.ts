import { once } from 'node:events'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import type { Db } from '@tokenledger/db'
import express from 'express'
import { ADMIN_BUILD_DIR, ADMIN_SERVER_BUILD } from './build-app'

export { adminBuildIsStale, buildAdmin, ensureAdminBuild } from './build-app'

export interface AdminServerOptions {
  db: Db
  /** 0 picks a free port. Default 3000 (`ADMIN_PORT`). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** The clock loaders see; tests may pin it. */
  now?: () => Date
}

export interface AdminServer {
  url: string
  close: () => Promise<void>
}

/**
 * Serves the built admin (`remix vite:build` → apps/admin/build) with express: fingerprinted
 * assets under /assets cached for a year, other static files for an hour, `GET /healthz`,
 * `GET /readyz` (the database answers `select 1`), and every other request rendered by Remix with
 * `{ db, now }` as the load context. Throws when the admin was never built.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { db } = options
  const now = options.now ?? (() => new Date())
  const host = options.host ?? '127.0.0.1'
  if (!existsSync(ADMIN_SERVER_BUILD)) {
    throw new Error(
      `The admin is not built (no ${ADMIN_SERVER_BUILD}): run \`pnpm --filter @tokenledger/admin build\` or call ensureAdminBuild() first.`,
    )
  }
  const build = (await import(/* @vite-ignore */ pathToFileURL(ADMIN_SERVER_BUILD).href)) as ServerBuild

  const app = express()
  app.disable('x-powered-by')
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
      await db.raw('select 1')
      res.json({ status: 'ready' })
    } catch {
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
  app.all('*', createRequestHandler({ build, mode: 'production', getLoadContext: () => ({ db, now }) }))

  const server = app.listen(options.port ?? 3000, host)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shown}:${port}`,
    close: async () => {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}
