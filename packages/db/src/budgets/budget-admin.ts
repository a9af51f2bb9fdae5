import { type Budget, budgetInputErrors } from '@tokenledger/domain'
import type { Db } from '../knex'
import type { AiBudget } from '../models/ai-budget'
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
  const org = await db('organizations').where({ id: input.organizationId }).first('id')
  if (!org) return { ok: false, errors: { organizationId: 'No such organization.' } }
  if (input.userId != null) {
    const member = await db('organization_user')
      .where({ organization_id: input.organizationId, user_id: input.userId })
      .first()
    if (!member) return { ok: false, errors: { userId: 'This user is not a member of the organization.' } }
  }
  const [row] = await db('ai_budgets')
    .insert({
      organization_id: input.organizationId,
      user_id: input.userId,
      monthly_limit: input.monthlyLimit,
      warning_threshold: input.warningThreshold,
      allow_override: input.allowOverride,
      is_active: input.isActive,
      // Start the counter at what this scope already spent this month.
      current_month_usage: db.raw(
        `coalesce((select sum(cost) from ai_usage_logs
          where organization_id = ? and (?::bigint is null or user_id = ?)
            and created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'), 0)`,
        [input.organizationId, input.userId, input.userId],
      ),
    })
    .onConflict(db.raw('on constraint ai_budgets_scope'))
    .ignore()
    .returning('*')
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
  return { ok: true, budget: toBudget(row as AiBudget) }
}

export async function updateBudget(db: Db, id: number, fields: BudgetFields): Promise<BudgetWriteResult> {
  const errors = budgetInputErrors(fields)
  if (Object.keys(errors).length) return { ok: false, errors }
  const [row] = await db('ai_budgets')
    .where({ id })
    .update({
      monthly_limit: fields.monthlyLimit,
      warning_threshold: fields.warningThreshold,
      allow_override: fields.allowOverride,
      is_active: fields.isActive,
      updated_at: db.fn.now(),
    })
    .returning('*')
  return row
    ? { ok: true, budget: toBudget(row as AiBudget) }
    : { ok: false, errors: { id: 'No such budget.' } }
}

export async function listBudgets(db: Db, organizationId?: number): Promise<Budget[]> {
  const query = db('ai_budgets').orderBy([
    { column: 'organization_id' },
    { column: 'user_id', nulls: 'first' },
  ])
  if (organizationId != null) query.where({ organization_id: organizationId })
  return (await query).map(toBudget)
}
