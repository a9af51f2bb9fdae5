import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deriveKey, loadMasterKey, MasterKeyError, parseMasterKey, SECRET_KEY_FILE } from './master-key'

let home: string
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'tl-secret-'))
})
afterEach(() => rm(home, { recursive: true, force: true }))

describe('parseMasterKey', () => {
  const bytes = randomBytes(32)
  it('reads 32 bytes as hex, base64 and base64url', () => {
    expect(parseMasterKey(bytes.toString('hex'), 'X').equals(bytes)).toBe(true)
    expect(parseMasterKey(` ${bytes.toString('base64')}\n`, 'X').equals(bytes)).toBe(true)
    expect(parseMasterKey(bytes.toString('base64url'), 'X').equals(bytes)).toBe(true)
  })
  it.each(['', 'secret', randomBytes(16).toString('hex'), randomBytes(33).toString('base64')])(
    'refuses %j, naming where it came from',
    (text) => {
      expect(() => parseMasterKey(text, 'TOKENLEDGER_SECRET_KEY')).toThrow(MasterKeyError)
      expect(() => parseMasterKey(text, 'TOKENLEDGER_SECRET_KEY')).toThrow(
        /^TOKENLEDGER_SECRET_KEY must be 32 random bytes/,
      )
    },
  )
})

describe('loadMasterKey', () => {
  it('takes TOKENLEDGER_SECRET_KEY when set and writes no file', async () => {
    const bytes = randomBytes(32)
    const key = await loadMasterKey({ env: { TOKENLEDGER_SECRET_KEY: bytes.toString('hex') }, home })
    expect(key.equals(bytes)).toBe(true)
    await expect(stat(path.join(home, SECRET_KEY_FILE))).rejects.toThrow(/ENOENT/)
  })

  it('refuses a malformed TOKENLEDGER_SECRET_KEY instead of falling back to the file', async () => {
    await expect(loadMasterKey({ env: { TOKENLEDGER_SECRET_KEY: 'hunter2' }, home })).rejects.toThrow(
      MasterKeyError,
    )
  })

  it('generates the key once into TOKENLEDGER_HOME/secret-key (0600) and reads it back', async () => {
    const lines: string[] = []
    const first = await loadMasterKey({ env: {}, home, log: (l) => lines.push(l) })
    const file = path.join(home, SECRET_KEY_FILE)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('hex'))
    expect(lines.join('\n')).toContain('generated the master key')
    const again = await Promise.all([1, 2, 3].map(() => loadMasterKey({ env: {}, home })))
    for (const key of again) expect(key.equals(first)).toBe(true)
  })

  it('agrees on one key when several processes create it at once', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadMasterKey({ env: {}, home })))
    for (const key of keys) expect(key.equals(keys[0] as Buffer)).toBe(true)
  })

  it('tightens a file readable by others, and refuses one that is not a key', async () => {
    const file = path.join(home, SECRET_KEY_FILE)
    await writeFile(file, randomBytes(32).toString('hex'))
    await chmod(file, 0o644)
    await loadMasterKey({ env: {}, home })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    await writeFile(file, 'not a key')
    await expect(loadMasterKey({ env: {}, home })).rejects.toThrow(`${file} must be 32 random bytes`)
  })
})

describe('deriveKey', () => {
  it('gives different 32-byte keys per purpose, the same for the same purpose', () => {
    const master = randomBytes(32)
    const a = deriveKey(master, 'a')
    expect(a).toHaveLength(32)
    expect(a.equals(deriveKey(master, 'a'))).toBe(true)
    expect(a.equals(deriveKey(master, 'b'))).toBe(false)
    expect(a.equals(master)).toBe(false)
  })
})
