/** The providers the gateway forwards to, and so the ones a key can be stored for. */
export const KEY_PROVIDERS = ['openai', 'anthropic'] as const
export type KeyProvider = (typeof KEY_PROVIDERS)[number]

export function isKeyProvider(value: unknown): value is KeyProvider {
  return typeof value === 'string' && (KEY_PROVIDERS as readonly string[]).includes(value)
}

/** A provider key that cannot be stored, with why (never with the key itself). */
export class ProviderKeyInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProviderKeyInputError'
  }
}

const MIN_LENGTH = 8
const MAX_LENGTH = 1_000

/**
 * The key as it will be sent upstream: trimmed, a pasted `Bearer ` dropped. It travels in an HTTP
 * header, so only visible ASCII is accepted; a space or newline inside is a pasting mistake.
 */
export function normaliseProviderKey(raw: string): string {
  const key = raw.trim().replace(/^Bearer\s+/i, '')
  if (key.length < MIN_LENGTH || key.length > MAX_LENGTH)
    throw new ProviderKeyInputError(`a provider key has ${MIN_LENGTH} to ${MAX_LENGTH} characters`)
  if (!/^[\x21-\x7e]+$/.test(key))
    throw new ProviderKeyInputError(
      'a provider key has only visible ASCII characters (no spaces, line breaks or accents)',
    )
  return key
}

/** What people may see of a key: its last four characters. */
export function providerKeyHint(key: string): string {
  return `…${key.slice(-4)}`
}
