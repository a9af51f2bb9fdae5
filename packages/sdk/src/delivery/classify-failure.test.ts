import { describe, expect, it } from 'vitest'
import { classifyFailure } from './classify-failure'

const trpcError = (httpStatus: number) => Object.assign(new Error('x'), { data: { httpStatus } })

describe('classifyFailure', () => {
  it('retries network errors and outage statuses, suspects other 5xx, splits on 413, drops other 4xx', () => {
    expect(classifyFailure(new TypeError('fetch failed'))).toBe('retry')
    expect(classifyFailure(Object.assign(new Error('x'), { data: undefined }))).toBe('retry')
    expect([502, 503, 504, 429, 408].map((s) => classifyFailure(trpcError(s)))).toEqual(
      Array(5).fill('retry'),
    )
    expect([500, 501, 507].map((s) => classifyFailure(trpcError(s)))).toEqual(Array(3).fill('suspect'))
    expect(classifyFailure(trpcError(413))).toBe('split')
    expect(classifyFailure({ data: { code: 'PAYLOAD_TOO_LARGE' } })).toBe('split')
    expect([400, 401, 403, 404].map((s) => classifyFailure(trpcError(s)))).toEqual(Array(4).fill('drop'))
  })
})
