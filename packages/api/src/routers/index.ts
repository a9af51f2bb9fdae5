import { publicProcedure, router } from '../trpc'
import { adminRouter } from './admin'
import { authRouter } from './auth'
import { budgetsRouter } from './budgets'
import { directoryRouter } from './directory'
import { gatewayRouter } from './gateway'
import { usageRouter } from './usage'

export const appRouter = router({
  /** A no-op for liveness checks and as the floor in benchmarks: no auth, no database. */
  ping: publicProcedure.query(() => ({ ok: true as const })),
  auth: router(authRouter),
  usage: router(usageRouter),
  budgets: router(budgetsRouter),
  directory: router(directoryRouter),
  gateway: router(gatewayRouter),
  admin: router({ budgets: router(adminRouter.budgets) }),
})

export type AppRouter = typeof appRouter
