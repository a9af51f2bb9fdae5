import { TRPCError } from '@trpc/server'
import { describe, expect, it } from 'vitest'
import { EventAllowance } from './event-allowance'

describe('EventAllowance', () => {
  it('lets calls take events up to the limit, then refuses with a 413 naming the counts', () => {
    const allowance = new EventAllowance(1_000)
    allowance.take(600)
    allowance.take(400)
    let refused: unknown
    try {
      allowance.take(1)
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(TRPCError)
    expect(refused).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/at most 1,000 usage events per HTTP request .* bring it to 1,001/),
    })
  })

  it('does not count a refused call', () => {
    const allowance = new EventAllowance(10)
    allowance.take(8)
    expect(() => allowance.take(5)).toThrow(TRPCError)
    expect(() => allowance.take(2)).not.toThrow()
  })
})
