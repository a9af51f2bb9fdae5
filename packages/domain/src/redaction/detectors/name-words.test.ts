import { describe, expect, it } from 'vitest'
import { nameWords } from './name-words'

const byRegexes = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => w.replace(/\d+$/, ''))
    .filter((w) => w.length > 0)

describe('nameWords', () => {
  it.each([
    ['DB_PASSWORD', ['db', 'password']],
    ['clientSecret2', ['client', 'secret']],
    ['apiKey2_v1', ['api', 'key', 'v']],
    ['aws.secret-access_key', ['aws', 'secret', 'access', 'key']],
    ['X_API_KEY', ['x', 'api', 'key']],
    ['v2Token', ['v', 'token']],
    ['__', []],
  ])('splits %s', (name, words) => {
    expect(nameWords(name)).toEqual(words)
  })

  it('splits as the regex chain does', () => {
    const alphabet = 'aZkK09_-.yY'
    let seed = 13
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    for (let n = 0; n < 5000; n++) {
      const name = Array.from(
        { length: Math.floor(random() * 24) },
        () => alphabet[Math.floor(random() * 11)],
      ).join('')
      expect([name, nameWords(name)]).toEqual([name, byRegexes(name)])
    }
  })
})
