import { type Decimal, toDecimal, type Usd, utcMonthStart } from '@tokenledger/domain'
import { recordAlerts } from '../alerts/record-alerts'
import { thresholdsReached } from '../alerts/thresholds-reached'
import type { Db } from '../knex'
import { lockBudgetCountersShared } from './budget-counter-lock'

export interface CostToCount {
  userId: number | null
  cost: Usd | null
  createdAt: Date
}

/**
 * Adds freshly logged costs to the counters of the budgets they fall under: the organization's
 * budget and the user's budget inside it. Runs in the log rows' transaction, by one atomic
 * statement. A cost counts in the month of its own timestamp, not of the server's clock (calls
 * may be dated a few minutes either side of it):
 * - a cost of the counter's month is added;
 * - a cost of a newer month first moves the counter to that month, at 0 (so a call just after
 *   midnight on the 1st never lands in last month's total);
 * - a cost of an older month is left out: its month is closed for this counter.
 * Rows are locked in id order so concurrent writers never deadlock, after the organization's
 * counter lock (shared) that keeps a budget being created from missing these costs.
 * A counter that reaches its warning threshold or its limit records the alert in the same
 * transaction (once per budget, period and kind), for the worker to deliver.
 */
export async function addToBudgetCounters(
  trx: Db,
  organizationId: number,
  costs: CostToCount[],
): Promise<void> {
  const amounts = amountsPerScopeAndMonth(costs)
  if (!amounts.length) return
  await lockBudgetCountersShared(trx, organizationId)
  const { rows } = await trx.raw(
    `
    with amounts as (
      select (a->>'user_id')::bigint as user_id, (a->>'period')::date as period, (a->>'amount')::numeric as amount
      from jsonb_array_elements(?::jsonb) a
    ),
    locked as (
      select b.id, b.user_id, b.current_period_start
      from ai_budgets b
      where b.organization_id = ?
        and exists (select 1 from amounts am where am.user_id is not distinct from b.user_id)
      order by b.id
      for update of b
    ),
    target as (
      select l.id, greatest(l.current_period_start, max(am.period)) as period
      from locked l
      join amounts am on am.user_id is not distinct from l.user_id
      group by l.id, l.current_period_start
    ),
    added as (
      select t.id, t.period, coalesce(sum(am.amount) filter (where am.period = t.period), 0) as amount
      from target t
      join locked l on l.id = t.id
      join amounts am on am.user_id is not distinct from l.user_id
      group by t.id, t.period
    )
    update ai_budgets b
    set current_month_usage =
          case when b.current_period_start < added.period then 0 else b.current_month_usage end + added.amount,
        current_period_start = added.period,
        updated_at = now()
    from added
    where b.id = added.id and added.amount <> 0
    returning b.id, b.organization_id, b.user_id, b.current_period_start::text as period,
      b.current_month_usage::text as usage, b.monthly_limit::text as limit,
      b.warning_threshold::text as threshold, b.is_active
    `,
    [JSON.stringify(amounts), organizationId],
  )
  await recordAlerts(
    trx,
    (rows as UpdatedCounter[]).flatMap((row) =>
      thresholdsReached({
        monthlyLimit: row.limit,
        warningThreshold: row.threshold,
        currentMonthUsage: row.usage,
        isActive: row.is_active,
      }).map((kind) => ({
        organizationId: row.organization_id,
        budgetId: row.id,
        userId: row.user_id,
        kind,
        periodStart: row.period,
        details: { usage: row.usage, limit: row.limit, threshold: row.threshold },
      })),
    ),
  )
}

/** A counter as the increment left it (bigint ids parse to numbers, see knex.ts). */
interface UpdatedCounter {
  id: number
  organization_id: number
  user_id: number | null
  period: string
  usage: string
  limit: string | null
  threshold: string
  is_active: boolean
}

/**
 * The costs summed per budget scope (the organization: user_id null; each user) and per UTC month
 * of the call. Null and zero costs change no counter.
 */
function amountsPerScopeAndMonth(
  costs: CostToCount[],
): Array<{ user_id: number | null; period: string; amount: string }> {
  const sums = new Map<string, { user_id: number | null; period: string; amount: Decimal }>()
  const add = (userId: number | null, period: string, amount: Decimal) => {
    const key = `${userId ?? ''}|${period}`
    const entry = sums.get(key)
    if (entry) entry.amount = entry.amount.plus(amount)
    else sums.set(key, { user_id: userId, period, amount })
  }
  for (const { userId, cost, createdAt } of costs) {
    if (cost == null) continue
    const amount = toDecimal(cost)
    if (amount.isZero()) continue
    const period = utcMonthStart(createdAt)
    add(null, period, amount)
    if (userId != null) add(userId, period, amount)
  }
  return [...sums.values()].map((s) => ({ ...s, amount: s.amount.toFixed() }))
}
