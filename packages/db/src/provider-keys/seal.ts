import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** AES-256-GCM with a fresh 96-bit nonce per seal: the sizes NIST SP 800-38D recommends. */
const ALGORITHM = 'aes-256-gcm'
const NONCE_BYTES = 12
const TAG_BYTES = 16
export const MASTER_KEY_BYTES = 32

/** A secret as stored: ciphertext, nonce and authentication tag, each as raw bytes. */
export interface SealedSecret {
  ciphertext: Buffer
  nonce: Buffer
  authTag: Buffer
}

/**
 * The stored secret cannot be opened: a different master key, or ciphertext, nonce, tag or the
 * bound context changed. Never answered with garbage or with the ciphertext itself.
 */
export class SecretUnreadableError extends Error {
  constructor(what: string) {
    super(
      `${what} cannot be decrypted: the master key (TOKENLEDGER_SECRET_KEY or TOKENLEDGER_HOME/secret-key) is not the one it was stored with, or the stored row was altered. Set the key again.`,
    )
    this.name = 'SecretUnreadableError'
  }
}

/**
 * Encrypts `plaintext` under `masterKey`. `context` is authenticated but not stored in the
 * ciphertext (GCM's additional data): a row copied to another organization or provider no longer
 * opens, because its context differs.
 */
export function seal(masterKey: Buffer, plaintext: string, context: string): SealedSecret {
  assertMasterKey(masterKey)
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv(ALGORITHM, masterKey, nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return { ciphertext, nonce, authTag: cipher.getAuthTag() }
}

/** The plaintext of a sealed secret, or `SecretUnreadableError` (named by `what`) when it does not authenticate. */
export function open(masterKey: Buffer, sealed: SealedSecret, context: string, what = 'the secret'): string {
  assertMasterKey(masterKey)
  if (sealed.nonce.length !== NONCE_BYTES || sealed.authTag.length !== TAG_BYTES)
    throw new SecretUnreadableError(what)
  try {
    const decipher = createDecipheriv(ALGORITHM, masterKey, sealed.nonce, { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(sealed.authTag)
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8')
  } catch {
    // OpenSSL's own message ("Unsupported state or unable to authenticate data") says nothing useful.
    throw new SecretUnreadableError(what)
  }
}

function assertMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== MASTER_KEY_BYTES)
    throw new Error(`the master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.length}`)
}
