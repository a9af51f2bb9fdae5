import { execFile } from 'node:child_process'
import { chmod, stat } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export type SearchGrant = 'acl' | 'others'

/**
 * As root, the embedded server runs as the OS user `user` (PostgreSQL refuses root), which must pass
 * through every folder above its binaries and its data, also in a checkout under a private (0700)
 * folder such as /root. For each such folder it cannot pass yet, this grants search (x: pass
 * through, not list) to that user alone with a POSIX ACL entry (`setfacl -m u:<user>:x`) when
 * setfacl is installed (Debian: `acl`), and only otherwise to everyone (o+x). Either way nothing
 * becomes readable: the data directory is the server's own 0700 folder and the passwords file is
 * 0600. Returns the folders changed, and how.
 */
export async function allowSearchBy(
  user: string,
  dir: string,
  log: (line: string) => void = () => {},
  grant: SearchGrant | null = null,
): Promise<Array<{ dir: string; grant: SearchGrant }>> {
  const how = grant ?? ((await hasSetfacl()) ? 'acl' : 'others')
  const changed: Array<{ dir: string; grant: SearchGrant }> = []
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current)
    if (!(mode & 0o001) && !(how === 'acl' && (await aclGrantsSearch(current, user)))) {
      if (how === 'acl') {
        await run('setfacl', ['-m', `u:${user}:x`, current])
        log(`allowed the ${user} user to pass through ${current} (ACL u:${user}:x)`)
      } else {
        await chmod(current, mode | 0o001)
        log(`allowed every user to pass through ${current} (o+x; install setfacl to grant ${user} alone)`)
      }
      changed.push({ dir: current, grant: how })
    }
    if (current === path.dirname(current)) return changed
  }
}

async function hasSetfacl(): Promise<boolean> {
  try {
    await run('setfacl', ['--version'])
    return true
  } catch {
    return false
  }
}

async function aclGrantsSearch(dir: string, user: string): Promise<boolean> {
  const { stdout } = await run('getfacl', ['-cp', dir])
  return stdout.split('\n').some((line) => new RegExp(`^user:${user}:..x`).test(line))
}
