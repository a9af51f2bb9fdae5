import { describe, expect, it } from 'vitest'
import { crossOriginRefusal } from './same-origin'

const allowedOrigins = ['http://localhost:3000', 'https://admin.example.com']
const check = (method: string, origin?: string, secFetchSite?: string) =>
  crossOriginRefusal({ method, origin, secFetchSite, allowedOrigins })

describe('crossOriginRefusal', () => {
  it('never refuses GET or HEAD', () => {
    expect(check('GET', 'http://evil.example', 'cross-site')).toBeNull()
    expect(check('HEAD', 'http://evil.example')).toBeNull()
  })

  it('lets same-origin requests through, on any allowed origin', () => {
    expect(check('POST', 'http://localhost:3000', 'same-origin')).toBeNull()
    expect(check('POST', 'HTTP://LOCALHOST:3000')).toBeNull()
    expect(check('DELETE', 'https://admin.example.com:443')).toBeNull()
  })

  it('refuses other origins, same-site ones included, whatever the method', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      expect(check(method, 'http://localhost:4000')).toMatch(/not the admin's/)
    }
    expect(check('POST', 'http://evil.example')).toMatch(/not the admin's/)
    expect(check('POST', 'https://localhost:3000')).toMatch(/not the admin's/)
    expect(check('POST', 'null')).toMatch(/not the admin's/)
  })

  it('refuses what the browser itself reports as cross-origin, even without Origin', () => {
    expect(check('POST', undefined, 'same-site')).toMatch(/same-site/)
    expect(check('POST', undefined, 'cross-site')).toMatch(/cross-site/)
    expect(check('POST', 'http://localhost:3000', 'cross-site')).toMatch(/cross-site/)
  })

  it('lets requests without Origin and Sec-Fetch-Site through (not from a browser)', () => {
    expect(check('POST')).toBeNull()
  })
})
