import { Decimal, toDecimal, type Usd, utcMonthStart } from '@tokenledger/domain'
import type { Db } from '../knex'

export interface CostToCount {
  userId: number | null
  cost: Usd | null
  createdAt: Date
}

/**
 * Adds freshly logged costs to the counters of the budgets they fall under: the organization's
 * budget and the user's budget inside it. Runs in the log rows' transaction. Only costs of the
 * current month count; a counter still on an older month is reset by the same statement, so a
 * call just after midnight on the 1st never lands in last month's total. Rows are locked in id
 * order first so concurrent writers never deadlock.
 */
export async function addToBudgetCounters(
  trx: Db,
  organizationId: number,
  costs: CostToCount[],
  now: Date,
): Promise<void> {
  const period = utcMonthStart(now)
  const perUser = new Map<number | null, Decimal>()
  let organizationTotal = new Decimal(0)
  for (const { userId, cost, createdAt } of costs) {
    if (cost == null || utcMonthStart(createdAt) !== period) continue
    const amount = toDecimal(cost)
    if (amount.isZero()) continue
    organizationTotal = organizationTotal.plus(amount)
    if (userId != null) perUser.set(userId, (perUser.get(userId) ?? new Decimal(0)).plus(amount))
  }
  if (organizationTotal.isZero()) return

  const amounts = [[null, organizationTotal] as const, ...perUser.entries()].map(([userId, amount]) => ({
    user_id: userId,
    amount: amount.toFixed(),
  }))
  await trx.raw(
    `
    with amounts as (
      select (a->>'user_id')::bigint as user_id, (a->>'amount')::numeric as amount
      from jsonb_array_elements(?::jsonb) a
    ),
    locked as (
      select b.id, am.amount
      from ai_budgets b
      join amounts am on b.user_id is not distinct from am.user_id
      where b.organization_id = ?
      order by b.id
      for update of b
    )
    update ai_budgets b
    set current_month_usage = case when b.current_period_start < ?::date then 0 else b.current_month_usage end + locked.amount,
        current_period_start = greatest(b.current_period_start, ?::date),
        updated_at = now()
    from locked
    where b.id = locked.id
    `,
    [JSON.stringify(amounts), organizationId, period, period],
  )
}
