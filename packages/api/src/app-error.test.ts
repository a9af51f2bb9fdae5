import { describe, expect, it } from 'vitest'
import { AppError, toTrpcError } from './app-error'

describe('toTrpcError', () => {
  it('maps each reason to its tRPC code and keeps the message and the cause', () => {
    const cases = [
      ['INVALID_INPUT', 'BAD_REQUEST'],
      ['INVALID_API_KEY', 'UNAUTHORIZED'],
      ['NOT_FOUND', 'NOT_FOUND'],
      ['BUDGET_BLOCKED', 'FORBIDDEN'],
      ['BUDGET_CONFIRMATION_REQUIRED', 'PRECONDITION_FAILED'],
      ['TOO_MANY_ATTEMPTS', 'TOO_MANY_REQUESTS'],
      ['INTERNAL', 'INTERNAL_SERVER_ERROR'],
    ] as const
    for (const [reason, code] of cases) {
      const error = new AppError(reason, `because ${reason}`, { field: 'x' })
      const trpc = toTrpcError(error)
      expect(trpc.code).toBe(code)
      expect(trpc.message).toBe(`because ${reason}`)
      expect(trpc.cause).toBe(error)
    }
  })
})
