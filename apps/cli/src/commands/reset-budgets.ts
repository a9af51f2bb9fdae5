import { resetBudgets } from '@tokenledger/db'
import type { Command } from '../command'
import { withDatabase } from '../database'

export const resetBudgetsCommand: Command = {
  name: 'ai:reset-budgets',
  summary: 'zero budget counters still on an earlier month (the 1st-of-month job)',
  help: `tokenledger ai:reset-budgets

  Sets current_month_usage to 0 and current_period_start to this UTC month for every budget whose
  counter is on an earlier month. Idempotent: counters already on this month are left alone. The
  job ai:reset-budgets (on the 1st at 00:05) runs the same code.`,
  async run() {
    return withDatabase(async (db) => {
      const result = await resetBudgets(db)
      console.log(
        `reset ${result.reset} budget counter${result.reset === 1 ? '' : 's'} to the period starting ${result.periodStart} in ${result.durationMs} ms`,
      )
      return 0
    })
  },
}
