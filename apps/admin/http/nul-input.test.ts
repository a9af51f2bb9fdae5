import { describe, expect, it } from 'vitest'
import { containsNul } from './nul-input'

const form = 'application/x-www-form-urlencoded'

describe('containsNul', () => {
  it('finds NUL in the address, raw or percent-encoded', () => {
    expect(containsNul('/logs?model=a%00b', undefined, null)).toBe(true)
    expect(containsNul('/logs?model=a\0b', undefined, null)).toBe(true)
    expect(containsNul('/logs?model=a%2500b', undefined, null)).toBe(false) // "%00" as text
  })

  it('finds NUL in form, JSON and multipart bodies', () => {
    expect(containsNul('/login', form, Buffer.from('email=a%00%40b&password=x'))).toBe(true)
    expect(containsNul('/login', 'application/json', Buffer.from('{"email":"a\\u0000"}'))).toBe(true)
    expect(containsNul('/login', 'multipart/form-data; boundary=x', Buffer.from('--x\r\n\0'))).toBe(true)
  })

  it('passes ordinary input', () => {
    expect(containsNul('/logs?model=gpt-4o', undefined, null)).toBe(false)
    expect(containsNul('/login', form, Buffer.from('email=admin%40example.com&password=p%25%3D00'))).toBe(
      false,
    )
    expect(containsNul('/login', 'multipart/form-data; boundary=x', Buffer.from('a%00b'))).toBe(false)
  })
})
