import {
  type Budget,
  type BudgetState,
  DEFAULT_BUDGET_PERIOD,
  DEFAULT_BUDGET_TIME_ZONE,
  DISPLAY_SCALE,
  evaluateBudgets,
  periodStart,
  sumUsd,
  type Usd,
} from '@tokenledger/domain'
import { toBudget } from '../budgets/load-budgets'
import type { Db } from '../knex'
import type { AiBudget } from '../models/ai-budget'
import type { AnalyticsScope } from './dashboard-window'
import { whereOrganization } from './scope'

export interface BudgetWithState extends Budget {
  organizationName: string
  userName: string | null
  userEmail: string | null
  /** The app's own id of the user, when it has one (an app's user may have no name or email). */
  userExternalId: string | null
  projectName: string | null
  apiKeyName: string | null
  state: BudgetState
  /** This period's usage (a counter left on an older period counts as 0). */
  usage: Usd
  /** usage / limit in percent, two decimals; null without a limit or with a limit of 0. */
  percent: number | null
}

const BUDGET_COLUMNS = [
  'id',
  'organization_id',
  'user_id',
  'project_id',
  'api_key_id',
  'period',
  'period_time_zone',
  'monthly_limit',
  'warning_threshold',
  'current_month_usage',
  'current_period_start',
  'is_active',
  'allow_override',
] as const

const TRIPPED: readonly BudgetState[] = ['warning', 'exceeded']

function onlyTripped(states: readonly BudgetState[]): boolean {
  return states.every((state) => TRIPPED.includes(state))
}

/**
 * A superset of the budgets evaluateBudgets finds at or past their warning threshold or limit:
 * active, limited, and a counter at the lower of the two (or a bar at 0, which even a counter of
 * an older period meets). The dashboard asks only for those, so thousands of budgets far from
 * their limit are not fetched and evaluated on every view; the evaluation below still decides.
 */
const MAY_BE_TRIPPED = `b.is_active and b.monthly_limit is not null
  and (b.current_month_usage >= least(b.monthly_limit, b.monthly_limit * b.warning_threshold / 100)
    or least(b.monthly_limit, b.monthly_limit * b.warning_threshold / 100) <= 0)`

/**
 * Every budget with its organization and user names and its state this month, as the budget check
 * evaluates it (domain `evaluateBudgets`): organizations by name, each organization's own budget
 * before its members'. `states` keeps only budgets in those states (the dashboard wants warning and
 * exceeded); `budgetId` keeps that one budget, `budgetIds` those (a page of the admin's list).
 */
export async function getBudgetStates(
  db: Db,
  scope: AnalyticsScope & { states?: readonly BudgetState[]; budgetId?: number; budgetIds?: number[] },
): Promise<BudgetWithState[]> {
  const rows: Array<
    Pick<AiBudget, (typeof BUDGET_COLUMNS)[number]> & {
      organization_name: string
      user_name: string | null
      user_email: string | null
      user_external_id: string | null
      project_name: string | null
      api_key_name: string | null
    }
  > = await whereOrganization(
    db('ai_budgets as b')
      .modify((q) => {
        if (scope.budgetId != null) q.where('b.id', scope.budgetId)
        if (scope.budgetIds) q.whereIn('b.id', scope.budgetIds)
        if (scope.states && onlyTripped(scope.states)) q.whereRaw(MAY_BE_TRIPPED)
      })
      .join('organizations as o', 'o.id', 'b.organization_id')
      .leftJoin('users as u', 'u.id', 'b.user_id')
      .leftJoin('projects as p', 'p.id', 'b.project_id')
      .leftJoin('api_keys as k', 'k.id', 'b.api_key_id')
      // Only what toBudget reads: 2,000 budgets' timestamps cost more to parse than to fetch.
      .select(BUDGET_COLUMNS.map((c) => `b.${c}`))
      .select(
        'o.name as organization_name',
        'u.name as user_name',
        'u.email as user_email',
        'u.external_id as user_external_id',
        'p.name as project_name',
        'k.name as api_key_name',
      )
      .orderBy([
        { column: 'o.name' },
        { column: 'b.organization_id' },
        { column: 'b.user_id', nulls: 'first' },
        { column: 'b.project_id', nulls: 'first' },
        { column: 'b.api_key_id', nulls: 'first' },
        { column: 'b.id' },
      ]),
    scope.organizationId,
    'b.organization_id',
  )
  const budgets = rows.map((row) => {
    const budget = toBudget(row as unknown as AiBudget) // it reads BUDGET_COLUMNS only
    const evaluation =
      budget.monthlyLimit == null
        ? undefined
        : evaluateBudgets([{ ...budget, isActive: true }], { now: scope.now }).budgets[0]
    const state: BudgetState = !budget.isActive ? 'inactive' : evaluation ? evaluation.status : 'unlimited'
    return {
      ...budget,
      organizationName: row.organization_name,
      userName: row.user_name,
      userEmail: row.user_email,
      userExternalId: row.user_external_id,
      projectName: row.project_name,
      apiKeyName: row.api_key_name,
      state,
      usage:
        evaluation?.usage ??
        (budget.currentPeriodStart <
        periodStart(
          budget.period ?? DEFAULT_BUDGET_PERIOD,
          budget.timeZone ?? DEFAULT_BUDGET_TIME_ZONE,
          scope.now,
        )
          ? '0.000000'
          : // the display scale evaluateBudgets reports usage in, so every row reads alike
            sumUsd([budget.currentMonthUsage], DISPLAY_SCALE)),
      percent: evaluation?.percent ?? null,
    }
  })
  return scope.states ? budgets.filter((b) => scope.states?.includes(b.state)) : budgets
}
