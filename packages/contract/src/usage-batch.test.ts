import { describe, expect, it } from 'vitest'
import { MAX_BATCH_SIZE } from './request-limits'
import { usageBatchInput } from './usage-batch'

describe('usageBatchInput', () => {
  it('takes one to MAX_BATCH_SIZE events, leaving each event to be parsed on its own', () => {
    expect(usageBatchInput.parse({ events: [{ anything: true }] }).events).toHaveLength(1)
    expect(usageBatchInput.safeParse({ events: [] }).success).toBe(false)
    const full = Array.from({ length: MAX_BATCH_SIZE }, () => ({}))
    expect(usageBatchInput.safeParse({ events: full }).success).toBe(true)
    expect(usageBatchInput.safeParse({ events: [...full, {}] }).success).toBe(false)
  })
})
