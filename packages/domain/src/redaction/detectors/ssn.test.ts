import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const ssns = (text: string) => found(text).filter((f) => f.startsWith('ssn:'))

describe('SSN detection', () => {
  it.each([
    ['hyphens', 'Employee SSN: 287-65-4312 (verify).', '287-65-4312'],
    ['dots', '078.05.1123', '078.05.1123'],
    ['spaces', 'abc 078 05 1123 abc', '078 05 1123'],
    ['JSON', '{"ssn":"145-72-3308"}', '145-72-3308'],
    ['nine bare digits after a keyword', 'my ssn is 078051121', '078051121'],
  ])('finds %s', (_why, text, ssn) => {
    expect(ssns(text)).toEqual([`ssn:${ssn}`])
  })

  it.each([
    ['area 9xx', 'SSN 987-65-4321 appears in the brochure'],
    ['area 000', 'SSN: 000-12-3456'],
    ['area 666', 'SSN 666-12-3456'],
    ['group 00', '078 00 1123'],
    ['serial 0000', '078-05-0000'],
    ['mixed delimiters', '693-09.4444'],
    ['ten digits', '0780511201'],
    ['nine bare digits without context', 'Invoice 287654312 paid'],
    ['inside a longer number', 'part 12-287-65-4312'],
    ['glued to letters', 'ID287-65-4312'],
  ])('ignores %s', (_why, text) => {
    expect(ssns(text)).toEqual([])
  })
})
