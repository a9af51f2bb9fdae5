import { publicProcedure } from '../trpc'
import { authenticateApiKey } from './authenticate-api-key'

/** Procedures called by an organization's apps, authenticated by `Authorization: Bearer <api key>`. */
export const apiKeyProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const identity = await authenticateApiKey(ctx.db, ctx.bearerToken)
  return next({ ctx: { ...ctx, identity } })
})
