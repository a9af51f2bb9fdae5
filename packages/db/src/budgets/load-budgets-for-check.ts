import type { Budget, Usd } from '@tokenledger/domain'
import type { ModelObject } from 'objection'
import type { Db } from '../knex'
import type { AiBudget } from '../models/ai-budget'
import { budgetApplies, reservedAgainst } from './budget-applies'
import { toBudget } from './load-budgets'
import { queryPrepared } from './prepared-query'
import type { ReservationScopes } from './reservations'

/** A coming call as `budgets.check` names it: each of user and project by Tokenledger's id or the app's, or not at all. */
export interface CheckedCall {
  organizationId: number
  apiKeyId: number | null
  userId?: number | undefined
  userExternalId?: string | undefined
  projectId?: number | undefined
  projectExternalId?: string | undefined
}

export type BudgetsForCheck =
  | { ok: true; scopes: ReservationScopes; budgets: Budget[]; reserved: Map<number, Usd> }
  | { ok: false; message: string }

/**
 * Everything a budget check reads, in one statement (it runs before every call, issue 15): a
 * numeric user must be a member of the organization and a numeric project belong to it; an app's
 * ids are looked up, never created (one never seen is null: only the other scopes' budgets
 * apply); then every budget the call falls under with what unexpired reservations hold against
 * it at `now`. A prepared statement (parsed once per connection), plain rows, no model hydration.
 */
export async function loadBudgetsForCheck(db: Db, call: CheckedCall, now: Date): Promise<BudgetsForCheck> {
  const rows = await queryPrepared<CheckRow>(db, 'tokenledger.budget-check', CHECK_SQL, [
    call.organizationId,
    call.userId ?? null,
    call.userExternalId ?? null,
    call.projectId ?? null,
    call.projectExternalId ?? null,
    call.apiKeyId,
    now,
  ])
  const first = rows[0] as CheckRow
  if (!first.user_ok)
    return { ok: false, message: `user ${call.userId} is not a member of this organization` }
  if (!first.project_ok)
    return { ok: false, message: `project ${call.projectId} does not belong to this organization` }
  const budgetRows = rows.filter((r) => r.id != null)
  return {
    ok: true,
    scopes: {
      organizationId: call.organizationId,
      userId: first.call_user_id,
      projectId: first.call_project_id,
      apiKeyId: call.apiKeyId,
    },
    budgets: budgetRows.map((row) => toBudget(row as unknown as ModelObject<AiBudget>)),
    reserved: new Map(budgetRows.map((r) => [r.id as number, r.reserved as string])),
  }
}

const CHECK_SQL = `
  with p as (
    select $1::bigint as org, $2::bigint as user_num, $3::text as user_ext, $4::bigint as project_num,
      $5::text as project_ext, $6::bigint as api_key_id, $7::timestamptz as at
  ),
  c as (
    select p.org, p.api_key_id, p.at,
      p.user_num is null or exists (
        select 1 from organization_user ou where ou.organization_id = p.org and ou.user_id = p.user_num
      ) as user_ok,
      p.project_num is null or exists (
        select 1 from projects pr where pr.id = p.project_num and pr.organization_id = p.org
      ) as project_ok,
      coalesce(p.user_num,
        (select u.id from users u where u.organization_id = p.org and u.external_id = p.user_ext)) as user_id,
      coalesce(p.project_num,
        (select pr.id from projects pr where pr.organization_id = p.org and pr.external_id = p.project_ext)) as project_id
    from p
  )
  select c.user_ok, c.project_ok, c.user_id as call_user_id, c.project_id as call_project_id,
    b.id, b.organization_id, b.user_id, b.project_id, b.api_key_id, b.monthly_limit,
    b.warning_threshold, b.current_month_usage, b.current_period_start::text as current_period_start,
    b.period, b.period_time_zone, b.is_active, b.allow_override,
    ${reservedAgainst('b', 'c.at')} as reserved
  from c
  left join ai_budgets b on b.organization_id = c.org and c.user_ok and c.project_ok
    and ${budgetApplies('b', 'c')}
  order by b.id`

/** One row per applicable budget (one with a null budget when none applies), the call's columns on each. */
interface CheckRow {
  user_ok: boolean
  project_ok: boolean
  call_user_id: number | null
  call_project_id: number | null
  id: number | null
  reserved: string | null
}
