import {
  attemptLogin,
  createSession,
  deleteSession,
  findSessionUser,
  tooManyAttemptsMessage,
} from '@tokenledger/db'
import { z } from 'zod'
import { AppError } from '../app-error'
import { publicProcedure } from '../trpc'

export const authRouter = {
  /**
   * Email + password → a session token for the admin procedures (send it as a Bearer token).
   * Throttled per account and per client IP (TOO_MANY_ATTEMPTS with `details.retryAfter` seconds);
   * must be the only call of its HTTP request (server.ts refuses it inside a batch).
   */
  login: publicProcedure
    .input(
      z.object({
        email: z.string().min(1).max(320).refine(noNul, 'must not contain NUL characters'),
        password: z.string().min(1).max(1000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await attemptLogin(ctx.db, { ...input, ip: ctx.clientIp, now: ctx.clock() })
      if (!result.ok && result.reason === 'TOO_MANY_ATTEMPTS') {
        throw new AppError('TOO_MANY_ATTEMPTS', tooManyAttemptsMessage(result.retryAfterSeconds), {
          retryAfter: result.retryAfterSeconds,
          scope: result.scope,
        })
      }
      if (!result.ok) throw new AppError('UNAUTHENTICATED', 'wrong email or password')
      const session = await createSession(ctx.db, result.user.id, ctx.clock())
      return { ...session, user: result.user }
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.bearerToken) await deleteSession(ctx.db, ctx.bearerToken)
    return { ok: true }
  }),

  me: publicProcedure.query(({ ctx }) => findSessionUser(ctx.db, ctx.bearerToken, ctx.clock())),
}

function noNul(value: string): boolean {
  return !value.includes('\0')
}
