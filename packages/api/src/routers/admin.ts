import { bothFormsError, recordId, userRefSchema } from '@tokenledger/contract'
import {
  type BudgetWriteResult,
  createBudget,
  findBudgetWithState,
  findOrCreateUserByExternalId,
  listBudgets,
  updateBudget,
} from '@tokenledger/db'
import { BUDGET_PERIODS, DEFAULT_WARNING_THRESHOLD } from '@tokenledger/domain'
import { z } from 'zod'
import { AppError } from '../app-error'
import { superAdminProcedure } from '../auth/procedures'

const budgetFields = z.object({
  monthlyLimit: z.string().nullable(),
  warningThreshold: z.string().default(DEFAULT_WARNING_THRESHOLD),
  allowOverride: z.boolean().default(true),
  isActive: z.boolean().default(true),
})

/** Whom else a budget is for (a user by either form, a project, an API key) and its period. */
const budgetTargetFields = {
  user: userRefSchema.optional(),
  projectId: recordId.nullable().optional(),
  apiKeyId: recordId.nullable().optional(),
  period: z.enum(BUDGET_PERIODS).optional(),
  // Checked by createBudget and updateBudget, which name the field in their errors.
  timeZone: z.string().optional(),
}

const NOT_BOTH_USER_FORMS = {
  message: "name the user either by userId or by user (the app's own id), not both",
  path: ['user'],
}

const PROBLEM_REASONS = { invalid: 'INVALID_INPUT', duplicate: 'CONFLICT', not_found: 'NOT_FOUND' } as const

function orFieldErrors(result: BudgetWriteResult) {
  if (result.ok) return result.budget
  throw new AppError(PROBLEM_REASONS[result.problem], Object.values(result.errors).join(' '), {
    fields: result.errors,
  })
}

/** Super admins only (session token from `auth.login`). */
export const adminRouter = {
  budgets: {
    list: superAdminProcedure
      .input(z.object({ organizationId: recordId.optional() }).optional())
      .query(({ ctx, input }) => listBudgets(ctx.db, input?.organizationId)),
    /**
     * For the organization, or one of its users (by id or by the app's own id, created on first
     * sight), projects or API keys; monthly (default), weekly or daily, read in `timeZone` (default
     * UTC) — the admin form's choices. A second budget of the same scope and period is CONFLICT.
     */
    create: superAdminProcedure
      .input(
        budgetFields
          .extend({
            organizationId: recordId,
            userId: recordId.nullable().default(null),
            ...budgetTargetFields,
          })
          .refine((input) => !bothFormsError(input), NOT_BOTH_USER_FORMS),
      )
      .mutation(async ({ ctx, input }) => {
        const { user, ...fields } = input
        const create = async () => {
          if (!user) return createBudget(ctx.db, fields)
          const found = await findOrCreateUserByExternalId(ctx.db, input.organizationId, user)
          if (!found.ok) throw new AppError('INVALID_INPUT', found.errors.user, { fields: found.errors })
          return createBudget(ctx.db, { ...fields, userId: found.userId })
        }
        // This server's budget checks see the new budget at once (other servers within their cache's TTL).
        return orFieldErrors(
          await create().finally(() => ctx.budgetStateCache.invalidate(input.organizationId)),
        )
      }),
    /**
     * The limit, threshold and switches; and, when given, a new scope, `period` or `timeZone`
     * (the counter is then recomputed from the new scope's current period). Naming any of
     * `userId` / `user` / `projectId` / `apiKeyId` sets the scope to exactly that (all null: the
     * organization's own budget); omitting them all keeps it. The organization stays. A scope and
     * period another budget has is CONFLICT.
     */
    update: superAdminProcedure
      .input(
        budgetFields
          .extend({
            id: recordId,
            userId: recordId.nullable().optional(),
            ...budgetTargetFields,
          })
          .refine((input) => !bothFormsError(input), NOT_BOTH_USER_FORMS),
      )
      .mutation(async ({ ctx, input }) => {
        const { id, user, userId, projectId, apiKeyId, ...fields } = input
        const named = user !== undefined || [userId, projectId, apiKeyId].some((v) => v !== undefined)
        let scope = named ? { userId, projectId, apiKeyId } : undefined
        if (user) {
          const budget = await findBudgetWithState(ctx.db, id, new Date())
          if (!budget)
            throw new AppError('NOT_FOUND', 'No such budget.', { fields: { id: 'No such budget.' } })
          const found = await findOrCreateUserByExternalId(ctx.db, budget.organizationId, user)
          if (!found.ok) throw new AppError('INVALID_INPUT', found.errors.user, { fields: found.errors })
          scope = { userId: found.userId, projectId, apiKeyId }
        }
        const result = await updateBudget(ctx.db, id, { ...fields, scope })
        if (result.ok) ctx.budgetStateCache.invalidate(result.budget.organizationId)
        return orFieldErrors(result)
      }),
  },
}
