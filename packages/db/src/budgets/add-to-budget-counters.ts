import { toDecimal, type Usd } from '@tokenledger/domain'
import { recordAlerts } from '../alerts/record-alerts'
import { thresholdsReached } from '../alerts/thresholds-reached'
import type { Db } from '../knex'
import { budgetApplies } from './budget-applies'
import { lockBudgetCountersShared } from './budget-counter-lock'

/** Whether budget `b` applies to the cost `am`. */
const APPLIES = budgetApplies('b', 'am')

export interface CostToCount {
  userId: number | null
  /** The call's project and API key; absent: none (no project or key budget applies). */
  projectId?: number | null
  apiKeyId?: number | null
  cost: Usd | null
  createdAt: Date
}

/**
 * Adds freshly logged costs to the counters of every budget they fall under: the organization's,
 * and those of the call's user, project and API key inside it, whatever their period. Runs in the
 * log rows' transaction, by one atomic statement. A cost counts in the period (of the budget's
 * kind, in its zone, `tokenledger_budget_period_start`) of its own timestamp, not of the
 * server's clock (calls may be dated a few minutes either side of it):
 * - a cost of the counter's period is added;
 * - a cost of a newer period first moves the counter to that period, at 0 (so a call just after
 *   midnight never lands in yesterday's, last week's or last month's total);
 * - a cost of an older period is left out: that period is closed for this counter.
 * Rows are locked in id order so concurrent writers never deadlock, after the organization's
 * counter lock (shared) that keeps a budget being created from missing these costs.
 * A counter that reaches its warning threshold or its limit records the alert in the same
 * transaction (once per budget, period and kind), for the worker to deliver.
 */
export async function addToBudgetCounters(
  trx: Db,
  organizationId: number,
  costs: CostToCount[],
  /** The caller took the counter lock in an earlier statement of `trx` (`insertLogRows` does). */
  options: { counterLockHeld?: boolean } = {},
): Promise<void> {
  const amounts = costsToCount(costs)
  if (!amounts.length) return
  if (!options.counterLockHeld) await lockBudgetCountersShared(trx, organizationId)
  const { rows } = await trx.raw(
    `
    with amounts as (
      select (a->>'user_id')::bigint as user_id, (a->>'project_id')::bigint as project_id,
        (a->>'api_key_id')::bigint as api_key_id, (a->>'at')::timestamptz as at,
        (a->>'amount')::numeric as amount
      from jsonb_array_elements(?::jsonb) a
    ),
    locked as (
      select b.id, b.user_id, b.project_id, b.api_key_id, b.current_period_start, b.period, b.period_time_zone
      from ai_budgets b
      where b.organization_id = ?
        and exists (select 1 from amounts am where ${APPLIES})
      order by b.id
      for update of b
    ),
    matched as (
      select b.id, tokenledger_budget_period_start(b.period, b.period_time_zone, am.at) as period, am.amount
      from locked b
      join amounts am on ${APPLIES}
    ),
    target as (
      select l.id, greatest(l.current_period_start, max(m.period)) as period
      from locked l
      join matched m on m.id = l.id
      group by l.id, l.current_period_start
    ),
    added as (
      select t.id, t.period, coalesce(sum(m.amount) filter (where m.period = t.period), 0) as amount
      from target t
      join matched m on m.id = t.id
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
 * The costs to count, one per log row: the period each falls in depends on the budget, so they
 * are grouped in SQL, not here. Null and zero costs change no counter.
 */
function costsToCount(costs: CostToCount[]): Array<{
  user_id: number | null
  project_id: number | null
  api_key_id: number | null
  at: string
  amount: string
}> {
  return costs.flatMap(({ userId, projectId, apiKeyId, cost, createdAt }) => {
    if (cost == null) return []
    const amount = toDecimal(cost)
    if (amount.isZero()) return []
    return [
      {
        user_id: userId,
        project_id: projectId ?? null,
        api_key_id: apiKeyId ?? null,
        at: createdAt.toISOString(),
        amount: amount.toFixed(),
      },
    ]
  })
}
