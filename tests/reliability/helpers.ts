// Shared support for the reliability tests: raw HTTP to the api, typed-error extraction, exact money sums.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Db } from '@tokenledger/db'
import { TRPCClientError } from '@trpc/client'

export interface RawResponse {
  status: number
  body: string
  json: unknown
}

/** A POST with a raw body (string or bytes) to a tRPC procedure, bypassing the typed client. */
export async function postRaw(
  baseUrl: string,
  procedure: string,
  body: string | Uint8Array,
  token?: string,
): Promise<RawResponse> {
  const response = await fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  })
  const text = await response.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    json = null
  }
  return { status: response.status, body: text, json }
}

/** The `{ code, reason }` of a typed api error, or `'no error'`. */
export async function errorOf(
  call: () => Promise<unknown>,
): Promise<{ code: string; reason: string } | 'no error'> {
  try {
    await call()
    return 'no error'
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error
    const data = error.data as { code: string; reason: string }
    return { code: data?.code, reason: data?.reason }
  }
}

export async function countRows(db: Db, table: string): Promise<number> {
  const row = await db(table).count({ n: '*' }).first()
  return Number(row?.n)
}

/** 'N.NNNNNN' → integer micro-dollars (exact). */
export function usdToMicro(usd: string): bigint {
  const negative = usd.startsWith('-')
  const [whole = '0', fraction = ''] = usd.replace('-', '').split('.')
  const micro = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6))
  return negative ? -micro : micro
}

/** integer micro-dollars → 'N.NNNNNN'. */
export function microToUsd(micro: bigint): string {
  return `${micro / 1_000_000n}.${String(micro % 1_000_000n).padStart(6, '0')}`
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it became true. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true
    await sleep(everyMs)
  }
  return false
}

/**
 * A slowloris-style client: sends `head`, then one more byte of `drip` every `everyMs` and never
 * finishes; resolves when the server closes the connection (or after `giveUpMs`) with what it
 * answered and how long it held on.
 */
export async function slowClient(
  baseUrl: string,
  head: string,
  options: { drip?: string; everyMs?: number; giveUpMs?: number } = {},
): Promise<{ closedAfterMs: number | null; response: string }> {
  const { createConnection } = await import('node:net')
  const { hostname, port } = new URL(baseUrl)
  const drip = options.drip ?? 'X-Slow: 1\r\n'
  const started = Date.now()
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) })
    let response = ''
    let i = 0
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(drip[i++ % drip.length] as string)
    }, options.everyMs ?? 100)
    const giveUp = setTimeout(() => finish(null), options.giveUpMs ?? 10_000)
    const finish = (closedAfterMs: number | null) => {
      clearInterval(timer)
      clearTimeout(giveUp)
      socket.destroy()
      resolve({ closedAfterMs, response })
    }
    socket.on('connect', () => socket.write(head))
    socket.on('data', (chunk) => {
      response += chunk.toString('latin1')
    })
    socket.on('error', () => {})
    socket.on('close', () => finish(Date.now() - started))
  })
}

export interface ApiProcess {
  url: string
  close: () => Promise<void>
}

/** The api in a child process (see api-process.ts) on `databaseUrl`; its output goes to this process's. */
export async function startApiProcess(databaseUrl: string): Promise<ApiProcess> {
  const entry = fileURLToPath(new URL('./api-process.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', entry, databaseUrl], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`the api process exited early (code ${code})`)))
  })
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode != null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
