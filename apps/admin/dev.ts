// `pnpm --filter @tokenledger/admin dev`: the admin with Vite's dev server (HMR) against
// DATABASE_URL, or the embedded PostgreSQL when it is unset. Production uses server.ts instead.
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { createDb, resolveDatabase } from '@tokenledger/db'
import express from 'express'
import { ADMIN_DIR } from './build-app'

const database = await resolveDatabase((line) => console.log(line))
const db = createDb(database.url)
const vite = await import('vite').then((v) =>
  v.createServer({ root: ADMIN_DIR, server: { middlewareMode: true } }),
)
const app = express()
app.disable('x-powered-by')
app.use(vite.middlewares)
app.all(
  '*',
  createRequestHandler({
    build: () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
    getLoadContext: (req) => ({ db, now: () => new Date(), clientIp: req.socket.remoteAddress ?? null }),
  }),
)
const port = Number(process.env.ADMIN_PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'
const server = app.listen(port, host, () => console.log(`admin (dev) at http://${host}:${port}`))
const stop = async () => {
  server.close()
  await vite.close()
  await db.destroy()
  await database.release()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
