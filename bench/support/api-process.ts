// The api in its own process, as in production (a separate service with its own event loop): started
// by startApiProcess(), listening on 127.0.0.1 and a free port, printing `{"url": …}` once ready.
// Arguments: <database url> [pool max]
import { startApiServer } from '@tokenledger/api-server'
import { createDb } from '@tokenledger/db'

const [url, poolMax] = process.argv.slice(2)
if (!url) throw new Error('usage: api-process.ts <database url> [pool max]')
const db = createDb(url, { pool: { max: Number(poolMax ?? 10) } })
const api = await startApiServer({ db, port: 0 })
process.stdout.write(`${JSON.stringify({ url: api.url })}\n`)
const stop = async () => {
  await api.close()
  await db.destroy()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.on('disconnect', stop)
