import { randomUUID } from 'node:crypto'
import { initTRPC, type TRPCError } from '@trpc/server'
import { ZodError, z } from 'zod'
import { AppError, toTrpcError } from './app-error'
import { isApiContext, type RouterContext } from './context'

const t = initTRPC.context<RouterContext>().create({
  errorFormatter({ shape, error, path }) {
    const cause = error.cause
    // Anything unplanned (a database error, a bug) may carry SQL or internals in its message: the
    // caller gets a generic message and an id to quote, the server's log gets the real error.
    const requestId = isUnplanned(error) ? logInternalError(error, path) : undefined
    return {
      ...shape,
      // zod's default message is a JSON dump; say what is wrong in one readable line instead.
      message: requestId
        ? `internal error (request id ${requestId})`
        : cause instanceof ZodError
          ? cause.issues
              .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
              .join('; ')
          : shape.message,
      data: {
        ...shape.data,
        // Drop server stack traces from responses.
        stack: undefined,
        reason: requestId
          ? 'INTERNAL'
          : cause instanceof AppError
            ? cause.reason
            : cause instanceof ZodError
              ? 'INVALID_INPUT'
              : undefined,
        details: cause instanceof AppError ? cause.details : undefined,
        requestId,
        issues: cause instanceof ZodError ? z.treeifyError(cause) : undefined,
      },
    }
  },
})

function isUnplanned(error: TRPCError): boolean {
  return error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof AppError)
}

function logInternalError(error: TRPCError, path: string | undefined): string {
  const requestId = randomUUID()
  console.error(`[api] internal error ${requestId} in ${path ?? '(no procedure)'}:`, error.cause ?? error)
  return requestId
}

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

/** Gives procedures the server's context type back (the router's type declares a db-free one). */
const serverContext = t.middleware(({ ctx, next }) => {
  if (!isApiContext(ctx)) throw new Error('the api context is missing: create it with contextFactory(deps)')
  return next({ ctx })
})

export const publicProcedure = t.procedure.use(serverContext).use(appErrors)
