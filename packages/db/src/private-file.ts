import { randomBytes } from 'node:crypto'
import { chmod, link, readFile, stat, unlink, writeFile } from 'node:fs/promises'

/**
 * A secret file's text (passwords, the master key); null when it does not exist. A file others
 * could read is tightened to mode 0600, and said so.
 */
export async function readPrivateFile(file: string, log: (line: string) => void): Promise<string | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const { mode } = await stat(file)
  if (mode & 0o077) {
    await chmod(file, 0o600)
    log(`${file} was readable by others: set its mode to 0600`)
  }
  return text
}

/**
 * Creates a secret file with mode 0600 unless it exists; true when this call created it. Written
 * to a private temporary name, then linked into place: two processes starting at once agree on
 * one file (the second link fails with EEXIST) and nobody reads a half-written one.
 */
export async function createPrivateFile(file: string, text: string): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' })
  try {
    await link(temporary, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return false
  } finally {
    await unlink(temporary).catch(() => {})
  }
}
