import { describe, expect, it } from 'vitest'
import { safeNext } from './auth.server'

describe('safeNext', () => {
  it('keeps same-origin paths with their query and hash', () => {
    expect(safeNext('/budgets')).toBe('/budgets')
    expect(safeNext('/logs?model=gpt-4o&page=2#top')).toBe('/logs?model=gpt-4o&page=2#top')
    expect(safeNext('/budgets/12')).toBe('/budgets/12')
    expect(safeNext('/%09/evil.example')).toBe('/%09/evil.example') // an encoded tab is just a path
  })

  it.each([
    ['//evil.example'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\n/evil.example'],
    ['\t//evil.example'],
    ['/\t\\evil.example'],
    ['https://evil.example'],
    ['http:evil.example'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
    [null],
    [undefined],
  ])('sends %j to "/"', (value) => {
    expect(safeNext(value)).toBe('/')
  })

  it('never returns anything a browser would read as another origin or a broken header', () => {
    for (const value of ['/%0a/evil.example', '/a\nb', '/\u0000x', '/ü', '/a b', '/..//evil.example']) {
      const next = safeNext(value)
      expect(new URL(next, 'http://admin.test').origin).toBe('http://admin.test')
      expect(next).toMatch(/^\/[\x21-\x7e]*$/) // printable ASCII only: a valid Location header
    }
  })
})
