import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parsePasswords, readOrCreatePasswords } from './embedded-postgres-passwords'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokenledger-passwords-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('embedded PostgreSQL passwords', () => {
  it('generates three different random passwords into a 0600 file, then reads the same ones', async () => {
    const file = path.join(dir, 'postgres-passwords.json')
    const created = await readOrCreatePasswords(file)
    expect(new Set(Object.values(created)).size).toBe(3)
    for (const password of Object.values(created)) expect(password).toMatch(/^[0-9a-f]{48}$/)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readOrCreatePasswords(file)).toEqual(created)
    expect(await readOrCreatePasswords(path.join(dir, 'other.json'))).not.toEqual(created)
  })

  it('agrees on one file when several processes create it at once', async () => {
    const file = path.join(dir, 'postgres-passwords.json')
    const all = await Promise.all(Array.from({ length: 8 }, () => readOrCreatePasswords(file)))
    for (const passwords of all) expect(passwords).toEqual(JSON.parse(await readFile(file, 'utf8')))
  })

  it('takes read access away from others when the file was loosened', async () => {
    const file = path.join(dir, 'postgres-passwords.json')
    const created = await readOrCreatePasswords(file)
    await chmod(file, 0o644)
    const lines: string[] = []
    expect(await readOrCreatePasswords(file, (line) => lines.push(line))).toEqual(created)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(lines.join('\n')).toContain('0600')
  })

  it('names the file and the role when the file is not what it wrote', () => {
    expect(() => parsePasswords('{', '/h/p.json')).toThrow('/h/p.json is not JSON')
    const ok = 'a'.repeat(32)
    expect(() => parsePasswords(JSON.stringify({ superuser: ok, owner: ok }), '/h/p.json')).toThrow(
      '/h/p.json: "app" must be a password',
    )
    expect(() =>
      parsePasswords(JSON.stringify({ superuser: 'tokenledger', owner: ok, app: ok }), 'f'),
    ).toThrow('"superuser" must be a password')
    expect(parsePasswords(JSON.stringify({ superuser: ok, owner: ok, app: ok }), 'f')).toEqual({
      superuser: ok,
      owner: ok,
      app: ok,
    })
  })
})
