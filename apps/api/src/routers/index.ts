import { router } from '../trpc'
import { usageRouter } from './usage'

export const appRouter = router({
  usage: router(usageRouter),
})

export type AppRouter = typeof appRouter
