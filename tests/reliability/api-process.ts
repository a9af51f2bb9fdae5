// The api in a process of its own, for tests that measure its event loop from outside (a client in
// the same process would block the loop it measures). Prints `{"url"}` once listening.
// Usage: node --import tsx tests/reliability/api-process.ts <database-url>
import { startApiServer } from '@tokenledger/api-server'
import { createDb } from '@tokenledger/db'

const db = createDb(process.argv[2] as string)
const api = await startApiServer({ db, port: 0 })
process.stdout.write(`${JSON.stringify({ url: api.url })}\n`)
process.once('SIGTERM', () => {
  void api
    .close()
    .then(() => db.destroy())
    .finally(() => process.exit(0))
})
