import { randomBytes } from 'node:crypto'
import { createPrivateFile, readPrivateFile } from './private-file'

/** The embedded server's login roles: the bootstrap superuser, the schema owner, and the application. */
export const EMBEDDED_ROLES = {
  superuser: 'postgres',
  owner: 'tokenledger_owner',
  app: 'tokenledger_app',
} as const

export type EmbeddedRole = keyof typeof EMBEDDED_ROLES

export type EmbeddedPasswords = Record<EmbeddedRole, string>

/** The superuser password of data directories made by versions before the passwords file. */
export const LEGACY_SUPERUSER_PASSWORD = 'tokenledger'

const PASSWORD = /^[0-9a-f]{32,}$/

/**
 * The passwords of the embedded server's roles, kept in `file` (mode 0600: only the user running
 * Tokenledger reads it). Generated on first use; later runs, and other processes reusing a running
 * server, read the same file.
 */
export async function readOrCreatePasswords(
  file: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedPasswords> {
  const existing = await readPasswords(file, log)
  if (existing) return existing
  const generated: EmbeddedPasswords = {
    superuser: newPassword(),
    owner: newPassword(),
    app: newPassword(),
  }
  if (await createPrivateFile(file, `${JSON.stringify(generated, null, 2)}\n`)) {
    log(`generated the embedded PostgreSQL passwords in ${file} (mode 0600)`)
    return generated
  }
  return (await readPasswords(file, log)) as EmbeddedPasswords
}

async function readPasswords(file: string, log: (line: string) => void): Promise<EmbeddedPasswords | null> {
  const text = await readPrivateFile(file, log)
  return text == null ? null : parsePasswords(text, file)
}

/** Throws a readable error for a file that is not what `readOrCreatePasswords` writes. */
export function parsePasswords(text: string, file: string): EmbeddedPasswords {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`${file} is not JSON: delete it only together with the data directory next to it`)
  }
  const record = (parsed ?? {}) as Record<string, unknown>
  const passwords = {} as EmbeddedPasswords
  for (const role of Object.keys(EMBEDDED_ROLES) as EmbeddedRole[]) {
    const value = record[role]
    if (typeof value !== 'string' || !PASSWORD.test(value))
      throw new Error(`${file}: "${role}" must be a password of at least 32 lowercase hex characters`)
    passwords[role] = value
  }
  return passwords
}

function newPassword(): string {
  return randomBytes(24).toString('hex')
}
