import { initTRPC } from '@trpc/server'
import { ZodError, z } from 'zod'
import type { ApiContext } from './context'
import { AppError, toTrpcError } from './errors'

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause
    return {
      ...shape,
      // zod's default message is a JSON dump; say what is wrong in one readable line instead.
      message:
        cause instanceof ZodError
          ? cause.issues
              .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
              .join('; ')
          : shape.message,
      data: {
        ...shape.data,
        // Drop server stack traces from responses.
        stack: undefined,
        reason:
          cause instanceof AppError ? cause.reason : cause instanceof ZodError ? 'INVALID_INPUT' : undefined,
        details: cause instanceof AppError ? cause.details : undefined,
        issues: cause instanceof ZodError ? z.treeifyError(cause) : undefined,
      },
    }
  },
})

export const router = t.router
export const middleware = t.middleware

/** Domain errors thrown by services become typed tRPC errors at the edge. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTrpcError(result.error.cause)
  }
  return result
})

export const publicProcedure = t.procedure.use(appErrors)
