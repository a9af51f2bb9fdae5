import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, verifyPassword } from './passwords'

describe('passwords', () => {
  it('hashes with a salt and verifies', async () => {
    const hash = await hashPassword('correct horse')
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(hash).not.toContain('correct horse')
    expect(await hashPassword('correct horse')).not.toBe(hash)
    expect(await verifyPassword('correct horse', hash)).toBe(true)
    expect(await verifyPassword('Correct horse', hash)).toBe(false)
  })

  it('answers false for stored values that are not usable hashes', async () => {
    const hash = await hashPassword('pw')
    const [, , , , salt, key] = hash.split('$')
    for (const stored of [
      'garbage',
      '',
      `bcrypt$16384$8$1$${salt}$${key}`,
      `scrypt$abc$8$1$${salt}$${key}`,
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`, // would need 16 GB: refused, not attempted
      `scrypt$16384$64$1$${salt}$${key}`, // 128 MB
      `scrypt$16384$8$1000$${salt}$${key}`, // a thousand passes
      `scrypt$16384$8$1$${salt}$`,
      `${hash}$extra`,
    ]) {
      expect(await verifyPassword('pw', stored), stored).toBe(false)
    }
  })

  it('does not block the event loop while hashing', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    await Promise.all([hashPassword('a'), hashPassword('b'), hashPassword('c'), hashPassword('d')])
    clearInterval(timer)
    // scryptSync would have held the loop for the whole time: no tick at all.
    expect(ticks).toBeGreaterThan(0)
  })

  it('generates passwords of the asked length', () => {
    expect(generatePassword(20)).toHaveLength(20)
    expect(generatePassword()).not.toBe(generatePassword())
  })
})
