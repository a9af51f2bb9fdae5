import { describe, expect, it } from 'vitest'
import { isValidSsn } from './ssn-validation'

describe('isValidSsn', () => {
  it.each([
    ['078', '05', '1123'],
    ['287', '65', '4312'],
    ['899', '99', '9999'],
  ])('accepts %s-%s-%s', (a, g, s) => {
    expect(isValidSsn(a, g, s)).toBe(true)
  })

  it.each([
    ['area 000', '000', '12', '3456'],
    ['area 666', '666', '12', '3456'],
    ['area 9xx', '912', '34', '5678'],
    ['group 00', '078', '00', '1123'],
    ['serial 0000', '078', '05', '0000'],
    ['one repeated digit', '111', '11', '1111'],
    ['Woolworth wallet card', '078', '05', '1120'],
    ['counting sequence', '123', '45', '6789'],
    ['wrong lengths', '78', '05', '11234'],
  ])('rejects %s', (_why, a, g, s) => {
    expect(isValidSsn(a, g, s)).toBe(false)
  })
})
