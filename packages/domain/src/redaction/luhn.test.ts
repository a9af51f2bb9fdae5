import { describe, expect, it } from 'vitest'
import { luhnValid } from './luhn'

describe('luhnValid', () => {
  it.each(['4111111111111111', '5105105105105100', '371449635398431', '79927398713'])('accepts %s', (n) => {
    expect(luhnValid(n)).toBe(true)
  })

  it.each(['4111111111111112', '1234567890123456', '79927398710', '', '4111-1111'])('rejects %j', (n) => {
    expect(luhnValid(n)).toBe(false)
  })
})
