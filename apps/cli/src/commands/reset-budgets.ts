import { resetBudgets } from '@tokenledger/db'
import type { Command } from '../command'
import { withDatabase } from '../database'

export const resetBudgetsCommand: Command = {
  name: 'ai:reset-budgets',
  summary: 'zero budget counters still on an earlier period (the 1st-of-month job)',
  help: `tokenledger ai:reset-budgets

  Sets current_month_usage to 0 and current_period_start to the budget's current period (its month,
  week from Monday, or day, in its time zone) for every budget whose counter is on an earlier one.
  Idempotent: counters already on their current period are left alone. Optional: checks read an
  older period as 0 and the next call resets it. The job ai:reset-budgets (on the 1st at 00:05)
  runs the same code.`,
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
