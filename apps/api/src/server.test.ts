import { describe, expect, it } from 'vitest'
import { batchedAuthCall } from './server'

const batch = new URLSearchParams('batch=1&input={}')

describe('batchedAuthCall', () => {
  it('finds an auth procedure among several batched calls', () => {
    expect(batchedAuthCall('auth.login,auth.login', batch)).toBe('auth.login')
    expect(batchedAuthCall('usage.log,auth.me', batch)).toBe('auth.me')
    expect(batchedAuthCall(Array(50).fill('auth.login').join(','), batch)).toBe('auth.login')
  })

  it('lets an auth call alone, and batches without auth calls, through', () => {
    expect(batchedAuthCall('auth.login', batch)).toBeNull()
    expect(batchedAuthCall('auth.login,auth.login', new URLSearchParams())).toBeNull() // not a batch: tRPC 404s it
    expect(batchedAuthCall('usage.log,budgets.check', batch)).toBeNull()
    expect(batchedAuthCall('authors.list,usage.log', batch)).toBeNull()
  })
})
