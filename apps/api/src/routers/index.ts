import { router } from '../trpc'
import { adminRouter } from './admin'
import { authRouter } from './auth'
import { budgetsRouter } from './budgets'
import { usageRouter } from './usage'

export const appRouter = router({
  auth: router(authRouter),
  usage: router(usageRouter),
  budgets: router(budgetsRouter),
  admin: router({ budgets: router(adminRouter.budgets) }),
})

export type AppRouter = typeof appRouter
