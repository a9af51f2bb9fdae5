import { execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allowSearchBy } from './postgres-user-access'

const hasSetfacl = (() => {
  try {
    execFileSync('setfacl', ['--version'])
    return true
  } catch {
    return false
  }
})()

let top: string
let deep: string
beforeEach(async () => {
  // top (0700) / open (0755) / private (0700): the shape of a checkout under /root.
  top = await mkdtemp(path.join(tmpdir(), 'tokenledger-search-'))
  deep = path.join(top, 'open', 'private')
  await mkdir(deep, { recursive: true })
  await chmod(top, 0o700)
  await chmod(path.join(top, 'open'), 0o755)
  await chmod(deep, 0o700)
})
afterEach(() => rm(top, { recursive: true, force: true }))

const mode = async (dir: string) => (await stat(dir)).mode & 0o777

describe('allowSearchBy', () => {
  it('without ACLs adds o+x (search, not read) only to the folders that lack it, once', async () => {
    const changed = await allowSearchBy('postgres', deep, () => {}, 'others')
    expect(changed).toContainEqual({ dir: deep, grant: 'others' })
    expect(changed).toContainEqual({ dir: top, grant: 'others' })
    expect(changed.map((c) => c.dir)).not.toContain(path.join(top, 'open'))
    expect(await mode(deep)).toBe(0o701)
    expect(await mode(top)).toBe(0o701)
    expect(await mode(path.join(top, 'open'))).toBe(0o755)
    expect(await allowSearchBy('postgres', deep, () => {}, 'others')).toEqual([])
  })

  it.skipIf(!hasSetfacl)(
    'with setfacl grants search to that user alone (skipped: setfacl missing)',
    async () => {
      const changed = await allowSearchBy('postgres', deep, () => {}, 'acl')
      expect(changed.map((c) => c.dir)).toEqual(expect.arrayContaining([deep, top]))
      expect((await stat(deep)).mode & 0o007).toBe(0)
      expect(execFileSync('getfacl', ['-cp', deep], { encoding: 'utf8' })).toMatch(/^user:postgres:--x/m)
      expect(await allowSearchBy('postgres', deep, () => {}, 'acl')).toEqual([])
    },
  )
})
