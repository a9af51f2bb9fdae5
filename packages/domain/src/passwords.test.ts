import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, verifyPassword } from './passwords'

describe('passwords', () => {
  it('hashes with a salt and verifies', () => {
    const hash = hashPassword('correct horse')
    expect(hash).toMatch(/^scrypt\$/)
    expect(hash).not.toContain('correct horse')
    expect(hashPassword('correct horse')).not.toBe(hash)
    expect(verifyPassword('correct horse', hash)).toBe(true)
    expect(verifyPassword('Correct horse', hash)).toBe(false)
    expect(verifyPassword('x', 'garbage')).toBe(false)
  })

  it('generates passwords of the asked length', () => {
    expect(generatePassword(20)).toHaveLength(20)
    expect(generatePassword()).not.toBe(generatePassword())
  })
})
