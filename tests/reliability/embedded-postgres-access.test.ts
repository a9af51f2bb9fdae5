import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  createDb,
  LEGACY_SUPERUSER_PASSWORD,
  migrateLatestAt,
  type ResolvedDatabase,
  resolveDatabase,
} from '@tokenledger/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Finding H4: the embedded PostgreSQL must not be reachable by other local users (it listened on
// 127.0.0.1 with the constant superuser password `tokenledger`), and the application must not be
// a superuser (`copy … to program` runs commands as the server's OS user).
const root = process.getuid?.() === 0
const probeUser = `tlprobe${randomBytes(3).toString('hex')}`

let home: string
let database: ResolvedDatabase
let port: number
let socketDir: string

/** What `probe` reports for each attempt: 'ok' or the error code (ECONNREFUSED, EACCES, …). */
type Outcome = Record<string, string>

// Runs as the unprivileged user: plain node, nothing from the checkout (it may not even reach it).
const PROBE = `
const net = require('node:net'), fs = require('node:fs')
const [port, socket, passwords, home] = process.argv.slice(1)
const connect = (options) => new Promise((resolve) => {
  const s = net.connect(options, () => { s.destroy(); resolve('ok') })
  s.on('error', (e) => resolve(e.code))
})
const attempt = (fn) => { try { fn(); return 'ok' } catch (e) { return e.code } }
;(async () => {
  const out = {
    tcp4: await connect({ host: '127.0.0.1', port: Number(port) }),
    tcp6: await connect({ host: '::1', port: Number(port) }),
    socket: await connect({ path: socket }),
    passwords: attempt(() => fs.readFileSync(passwords)),
    listHome: attempt(() => fs.readdirSync(home)),
  }
  console.log(JSON.stringify(out))
})()`

function probe(): Outcome {
  const result = spawnSync(
    'runuser',
    [
      '-u',
      probeUser,
      '--',
      process.execPath,
      '-e',
      PROBE,
      String(port),
      path.join(socketDir, `.s.PGSQL.${port}`),
      path.join(home, 'postgres-passwords.json'),
      home,
    ],
    { encoding: 'utf8', cwd: '/' },
  )
  if (result.status !== 0) throw new Error(`probe failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as Outcome
}

async function query(url: string, sql: string): Promise<{ rows: Record<string, unknown>[] }> {
  const db = createDb(url, { pool: { min: 0, max: 1 } })
  try {
    return await db.raw(sql)
  } finally {
    await db.destroy()
  }
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'no error'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

/** The embedded server like `tokenledger serve` starts it: TOKENLEDGER_HOME, no DATABASE_URL. */
async function startLikeServe(): Promise<ResolvedDatabase> {
  const saved = { url: process.env.DATABASE_URL, home: process.env.TOKENLEDGER_HOME }
  delete process.env.DATABASE_URL
  process.env.TOKENLEDGER_HOME = home
  try {
    const resolved = await resolveDatabase()
    await migrateLatestAt(resolved.ownerUrl)
    return resolved
  } finally {
    process.env.DATABASE_URL = saved.url
    if (saved.home === undefined) delete process.env.TOKENLEDGER_HOME
    else process.env.TOKENLEDGER_HOME = saved.home
  }
}

function readServerAddress(): void {
  const lines = readFileSync(path.join(home, 'postgres', 'postmaster.pid'), 'utf8').split('\n')
  port = Number(lines[3])
  socketDir = lines[4] as string
}

describe.skipIf(!root)('embedded PostgreSQL access (skipped unless root: it creates an OS user)', () => {
  beforeAll(async () => {
    execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', probeUser])
    home = path.join(await mkdtemp(path.join(tmpdir(), 'tokenledger-access-')), 'home')
    database = await startLikeServe()
    readServerAddress()
  })
  afterAll(async () => {
    await database?.release()
    spawnSync('userdel', [probeUser])
    if (home) await rm(path.dirname(home), { recursive: true, force: true })
  })

  it('keeps another local user out: no TCP listener, no socket access, no passwords, no listing', () => {
    expect(probe()).toEqual({
      tcp4: 'ECONNREFUSED',
      tcp6: expect.stringMatching(/^(ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH)$/),
      socket: 'EACCES',
      passwords: 'EACCES',
      listHome: 'EACCES',
    })
  })

  it('refuses TCP logins with the old constant password, or any other', async () => {
    const passwords = JSON.parse(readFileSync(path.join(home, 'postgres-passwords.json'), 'utf8'))
    for (const password of [LEGACY_SUPERUSER_PASSWORD, passwords.superuser]) {
      const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`
      expect(await errorCode(query(url, 'select 1'))).toBe('ECONNREFUSED')
    }
  })

  it('keeps the socket folder and the passwords file private to their owners', () => {
    expect(socketDir).toBe(path.join(home, 'postgres'))
    expect(statSync(socketDir).mode & 0o077).toBe(0)
    expect(statSync(path.join(socketDir, `.s.PGSQL.${port}`)).mode & 0o077).toBe(0)
    expect(statSync(path.join(home, 'postgres-passwords.json')).mode & 0o777).toBe(0o600)
  })

  it('connects the application as a role that reads and writes rows, and nothing more', async () => {
    const slug = `access-${randomBytes(3).toString('hex')}`
    await query(database.url, `insert into organizations (name, slug) values ('Access', '${slug}')`)
    const { rows } = await query(
      database.url,
      `select current_user as me from organizations where slug = '${slug}'`,
    )
    expect(rows).toEqual([{ me: 'tokenledger_app' }])

    for (const sql of [
      "copy (select 1) to program 'id'",
      'create role intruder superuser',
      'select rolpassword from pg_authid',
      'create table planted (x int)',
      'drop table ai_usage_logs',
      "select pg_read_file('/etc/passwd')",
      'alter system set listen_addresses = $$*$$',
    ])
      expect(await errorCode(query(database.url, sql)), sql).toBe('42501')
  })

  it('runs migrations as an owner that is no superuser either', async () => {
    const { rows } = await query(
      database.ownerUrl,
      'select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user',
    )
    expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false }])
    expect(await errorCode(query(database.ownerUrl, "copy (select 1) to program 'id'"))).toBe('42501')
    expect(await errorCode(query(database.ownerUrl, 'select rolpassword from pg_authid'))).toBe('42501')
  })

  it('lets other Tokenledger processes of the same user reuse the running server through its socket', async () => {
    const again = await startLikeServe()
    try {
      expect(again.url).toBe(database.url)
      const { rows } = await query(again.url, 'select current_user as me')
      expect(rows).toEqual([{ me: 'tokenledger_app' }])
    } finally {
      await again.release()
    }
    // Releasing a reused server leaves it running for the process that started it.
    expect(await query(database.url, 'select 1 as ok')).toMatchObject({ rows: [{ ok: 1 }] })
  })

  it('replaces the old constant superuser password of an older data directory on the next start', async () => {
    const passwords = JSON.parse(readFileSync(path.join(home, 'postgres-passwords.json'), 'utf8'))
    const superuserUrl = (password: string) =>
      `postgresql://postgres:${password}@${encodeURIComponent(socketDir)}:${port}/postgres`
    await query(
      superuserUrl(passwords.superuser),
      `alter role postgres password '${LEGACY_SUPERUSER_PASSWORD}'`,
    )
    await database.release()
    database = await startLikeServe()
    readServerAddress()
    expect(await query(superuserUrl(passwords.superuser), 'select 1 as ok')).toMatchObject({
      rows: [{ ok: 1 }],
    })
    expect(await errorCode(query(superuserUrl(LEGACY_SUPERUSER_PASSWORD), 'select 1'))).toBe('28P01')
  })
})
