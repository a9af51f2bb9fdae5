import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, type SealedSecret, SecretUnreadableError, seal } from './seal'

const master = randomBytes(32)
const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789'

const flip = (bytes: Buffer, at = 0) => {
  const copy = Buffer.from(bytes)
  copy[at] = (copy[at] ?? 0) ^ 0x01
  return copy
}

describe('seal / open (AES-256-GCM)', () => {
  it('opens what it sealed, and the ciphertext does not contain the key', () => {
    const sealed = seal(master, KEY, 'provider-key:1:openai')
    expect(open(master, sealed, 'provider-key:1:openai')).toBe(KEY)
    expect(sealed.ciphertext.toString('latin1')).not.toContain('abcdefgh')
    expect(sealed.nonce).toHaveLength(12)
    expect(sealed.authTag).toHaveLength(16)
  })

  it('uses a fresh nonce each time, so the same key seals differently', () => {
    const a = seal(master, KEY, 'c')
    const b = seal(master, KEY, 'c')
    expect(a.nonce.equals(b.nonce)).toBe(false)
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false)
  })

  it.each<[string, (s: SealedSecret) => SealedSecret]>([
    ['ciphertext', (s) => ({ ...s, ciphertext: flip(s.ciphertext, 5) })],
    ['nonce', (s) => ({ ...s, nonce: flip(s.nonce) })],
    ['auth tag', (s) => ({ ...s, authTag: flip(s.authTag, 15) })],
    ['a truncated tag', (s) => ({ ...s, authTag: s.authTag.subarray(0, 8) })],
  ])('refuses a tampered %s with a clear error', (_what, tamper) => {
    const sealed = seal(master, KEY, 'ctx')
    expect(() => open(master, tamper(sealed), 'ctx', 'the stored openai key')).toThrow(SecretUnreadableError)
    expect(() => open(master, tamper(sealed), 'ctx', 'the stored openai key')).toThrow(
      /the stored openai key cannot be decrypted: the master key .* is not the one it was stored with/,
    )
  })

  it('refuses another master key and another context, never returning garbage', () => {
    const sealed = seal(master, KEY, 'provider-key:1:openai')
    expect(() => open(randomBytes(32), sealed, 'provider-key:1:openai')).toThrow(SecretUnreadableError)
    expect(() => open(master, sealed, 'provider-key:2:openai')).toThrow(SecretUnreadableError)
  })

  it('refuses a master key of the wrong size', () => {
    expect(() => seal(randomBytes(16), KEY, 'c')).toThrow('the master key must be 32 bytes, got 16')
  })
})
