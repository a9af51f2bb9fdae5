import { authenticateUser, createSession, deleteSession, findSessionUser } from '@tokenledger/db'
import { z } from 'zod'
import { AppError } from '../errors'
import { publicProcedure } from '../trpc'

export const authRouter = {
  /** Email + password → a session token for the admin procedures (send it as a Bearer token). */
  login: publicProcedure
    .input(z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) }))
    .mutation(async ({ ctx, input }) => {
      const user = await authenticateUser(ctx.db, input.email, input.password)
      if (!user) throw new AppError('UNAUTHENTICATED', 'wrong email or password')
      const session = await createSession(ctx.db, user.id, ctx.clock())
      return { ...session, user }
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.bearerToken) await deleteSession(ctx.db, ctx.bearerToken)
    return { ok: true }
  }),

  me: publicProcedure.query(({ ctx }) => findSessionUser(ctx.db, ctx.bearerToken, ctx.clock())),
}
