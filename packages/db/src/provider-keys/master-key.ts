import { hkdfSync, randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { tokenledgerHome } from '../database-url'
import { createPrivateFile, readPrivateFile } from '../private-file'
import { MASTER_KEY_BYTES } from './seal'

/** The file the generated master key lives in, under TOKENLEDGER_HOME. */
export const SECRET_KEY_FILE = 'secret-key'

/** A master key that is not 32 bytes of hex or base64, with where it came from. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MasterKeyError'
  }
}

/** 32 bytes written as 64 hex characters or as base64 / base64url (43–44 characters). */
export function parseMasterKey(text: string, source: string): Buffer {
  const value = text.trim()
  let key: Buffer | undefined
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex')
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value, 'base64')
  if (!key || key.length !== MASTER_KEY_BYTES)
    throw new MasterKeyError(
      `${source} must be ${MASTER_KEY_BYTES} random bytes as 64 hex characters or base64 (e.g. \`openssl rand -hex 32\`)`,
    )
  return key
}

/**
 * The master key: `TOKENLEDGER_SECRET_KEY` when set, else the one in `TOKENLEDGER_HOME/secret-key`,
 * generated there (mode 0600) the first time. Every process of one installation (api, admin,
 * gateway) reads the same key, so what one encrypts the others can open.
 */
export async function loadMasterKey(
  options: { env?: NodeJS.ProcessEnv; home?: string; log?: (line: string) => void } = {},
): Promise<Buffer> {
  const env = options.env ?? process.env
  const fromEnv = env.TOKENLEDGER_SECRET_KEY
  if (fromEnv) return parseMasterKey(fromEnv, 'TOKENLEDGER_SECRET_KEY')
  const home = options.home ?? tokenledgerHome()
  await mkdir(home, { recursive: true, mode: 0o700 })
  return readOrCreateKeyFile(path.join(home, SECRET_KEY_FILE), options.log ?? (() => {}))
}

const loaded = new Map<string, Promise<Buffer>>()

/**
 * `loadMasterKey()` once per process for the current settings: the first caller that needs it
 * (an admin form, the gateway's key lookup) creates the file, nobody else pays for it.
 */
export function sharedMasterKey(): Promise<Buffer> {
  const id = `${process.env.TOKENLEDGER_SECRET_KEY ?? ''}\u0000${tokenledgerHome()}`
  let key = loaded.get(id)
  if (!key) {
    key = loadMasterKey({ log: (line) => console.error(line) })
    // A failure (bad variable, unreadable file) is retried on the next call, not remembered.
    key.catch(() => loaded.delete(id))
    loaded.set(id, key)
  }
  return key
}

/**
 * A key for one purpose, derived from the master key with HKDF-SHA256, so the master key itself
 * never encrypts or authenticates anything and the purposes cannot be confused with each other.
 */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `tokenledger ${purpose}`, 32))
}

async function readOrCreateKeyFile(file: string, log: (line: string) => void): Promise<Buffer> {
  const existing = await readKeyFile(file, log)
  if (existing) return existing
  const generated = randomBytes(MASTER_KEY_BYTES)
  if (await createPrivateFile(file, `${generated.toString('hex')}\n`)) {
    log(`generated the master key for stored secrets in ${file} (mode 0600): back it up with the database`)
    return generated
  }
  return (await readKeyFile(file, log)) as Buffer
}

async function readKeyFile(file: string, log: (line: string) => void): Promise<Buffer | null> {
  const text = await readPrivateFile(file, log)
  return text == null ? null : parseMasterKey(text, file)
}
