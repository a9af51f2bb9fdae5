import { type Budget, budgetInputErrors } from '@tokenledger/domain'
import type { ModelObject } from 'objection'
import type { Db } from '../knex'
import { AiBudget } from '../models/ai-budget'
import { Organization } from '../models/organization'
import { lockBudgetCountersExclusive } from './budget-counter-lock'
import { toBudget } from './load-budgets'

export interface BudgetFields {
  monthlyLimit: string | null
  warningThreshold: string
  allowOverride: boolean
  isActive: boolean
}

export type BudgetWriteResult =
  | { ok: true; budget: Budget }
  | {
      ok: false
      errors: Partial<
        Record<'organizationId' | 'userId' | 'monthlyLimit' | 'warningThreshold' | 'id', string>
      >
    }

/**
 * Creates a budget for an organization (userId null) or one of its members. One budget per
 * organization + user: a second one is refused with a field error, not a database error.
 */
export async function createBudget(
  db: Db,
  input: BudgetFields & { organizationId: number; userId: number | null },
): Promise<BudgetWriteResult> {
  const errors = budgetInputErrors(input)
  if (Object.keys(errors).length) return { ok: false, errors }
  const org = await Organization.query(db).findById(input.organizationId).select('id')
  if (!org) return { ok: false, errors: { organizationId: 'No such organization.' } }
  if (input.userId != null) {
    const member = await db('organization_user')
      .where({ organization_id: input.organizationId, user_id: input.userId })
      .first()
    if (!member) return { ok: false, errors: { userId: 'This user is not a member of the organization.' } }
  }
  const row = await db.transaction(async (trx) => {
    // Writers logging calls of this organization are waited for (and wait for this): the sum
    // below then sees every cost that will not find this budget when it is counted.
    await lockBudgetCountersExclusive(trx, input.organizationId)
    const [inserted] = await trx('ai_budgets')
      .insert({
        organization_id: input.organizationId,
        user_id: input.userId,
        monthly_limit: input.monthlyLimit,
        warning_threshold: input.warningThreshold,
        allow_override: input.allowOverride,
        is_active: input.isActive,
        ...startingCounter(trx, input.organizationId, input.userId),
      })
      .onConflict(trx.raw('on constraint ai_budgets_scope'))
      .ignore()
      .returning('*')
    return inserted as ModelObject<AiBudget> | undefined
  })
  if (!row) {
    return {
      ok: false,
      errors: {
        [input.userId == null ? 'organizationId' : 'userId']:
          input.userId == null
            ? 'This organization already has a budget.'
            : 'This user already has a budget in this organization.',
      },
    }
  }
  return { ok: true, budget: toBudget(row) }
}

/**
 * A new budget's counter starts at what its scope (the organization, or one user in it) already
 * spent in the period its counter would be on: the current UTC month, or the next one when calls
 * dated a few minutes ahead (allowed clock skew) already went into it, as the record path does.
 */
function startingCounter(db: Db, organizationId: number, userId: number | null) {
  const scope = `organization_id = ? and (?::bigint is null or user_id = ?)`
  const period = `greatest(
      date_trunc('month', now() at time zone 'UTC')::date,
      (select date_trunc('month', max(created_at) at time zone 'UTC')::date from ai_usage_logs
        where ${scope} and cost is not null and cost <> 0
          and created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'))`
  const scopeBindings = [organizationId, userId, userId]
  return {
    current_period_start: db.raw(period, scopeBindings),
    current_month_usage: db.raw(
      `coalesce((select sum(cost) from ai_usage_logs
        where ${scope}
          and created_at >= (${period})::timestamp at time zone 'UTC'
          and created_at < ((${period}) + interval '1 month')::timestamp at time zone 'UTC'), 0)`,
      [...scopeBindings, ...scopeBindings, ...scopeBindings],
    ),
  }
}

export async function updateBudget(db: Db, id: number, fields: BudgetFields): Promise<BudgetWriteResult> {
  const errors = budgetInputErrors(fields)
  if (Object.keys(errors).length) return { ok: false, errors }
  const [row] = await AiBudget.query(db)
    .where({ id })
    .patch({
      monthly_limit: fields.monthlyLimit,
      warning_threshold: fields.warningThreshold,
      allow_override: fields.allowOverride,
      is_active: fields.isActive,
      updated_at: db.fn.now(),
    })
    .returning('*')
  return row ? { ok: true, budget: toBudget(row) } : { ok: false, errors: { id: 'No such budget.' } }
}

export async function listBudgets(db: Db, organizationId?: number): Promise<Budget[]> {
  const query = AiBudget.query(db).orderBy([
    { column: 'organization_id' },
    { column: 'user_id', nulls: 'first' },
  ])
  if (organizationId != null) query.where({ organization_id: organizationId })
  return (await query).map(toBudget)
}
