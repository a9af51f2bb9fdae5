import { TRPCError } from '@trpc/server'

/**
 * Machine-readable reasons carried in every error's `data.reason`, beside tRPC's HTTP-ish `code`,
 * so clients can branch on what went wrong without parsing messages.
 */
export type ErrorReason =
  | 'INVALID_INPUT'
  | 'MISSING_API_KEY'
  | 'UNAUTHENTICATED'
  | 'INVALID_API_KEY'
  | 'ATTRIBUTION_INVALID'
  | 'NOT_FOUND'
  | 'BUDGET_BLOCKED'
  | 'BUDGET_CONFIRMATION_REQUIRED'
  | 'OVERRIDE_INVALID'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'TOO_MANY_ATTEMPTS'
  | 'INTERNAL'

export class AppError extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

const TRPC_CODES: Record<ErrorReason, TRPCError['code']> = {
  INVALID_INPUT: 'BAD_REQUEST',
  MISSING_API_KEY: 'UNAUTHORIZED',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  INVALID_API_KEY: 'UNAUTHORIZED',
  ATTRIBUTION_INVALID: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  BUDGET_BLOCKED: 'FORBIDDEN',
  BUDGET_CONFIRMATION_REQUIRED: 'PRECONDITION_FAILED',
  OVERRIDE_INVALID: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
}

export function toTrpcError(error: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODES[error.reason], message: error.message, cause: error })
}
