import { findSessionUser } from '@tokenledger/db'
import { AppError } from '../app-error'
import { publicProcedure } from '../trpc'
import { authenticateApiKey } from './authenticate-api-key'

/** Procedures called by an organization's apps, authenticated by `Authorization: Bearer <api key>`. */
export const apiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const identity = await authenticateApiKey(ctx.db, ctx.bearerToken, ctx.apiKeyCache)
  return next({ ctx: { ...ctx, identity } })
})

/** Procedures for super admins only, authenticated by a session token from `auth.login`. */
export const superAdminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = await findSessionUser(ctx.db, ctx.bearerToken, ctx.clock())
  if (!user)
    throw new AppError(
      'UNAUTHENTICATED',
      'sign in first: Authorization: Bearer <session token from auth.login>',
    )
  if (!user.isSuperAdmin) throw new AppError('FORBIDDEN', 'only super admins may do this')
  return next({ ctx: { ...ctx, user } })
})
