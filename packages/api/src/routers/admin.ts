import { bothFormsError, recordId, userRefSchema } from '@tokenledger/contract'
import {
  type BudgetWriteResult,
  createBudget,
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
            user: userRefSchema.optional(),
            projectId: recordId.nullable().optional(),
            apiKeyId: recordId.nullable().optional(),
            period: z.enum(BUDGET_PERIODS).optional(),
            // Checked by createBudget, which names the field in its error.
            timeZone: z.string().optional(),
          })
          .refine((input) => !bothFormsError(input), {
            message: "name the user either by userId or by user (the app's own id), not both",
            path: ['user'],
          }),
      )
      .mutation(async ({ ctx, input }) => {
        const { user, ...fields } = input
        if (!user) return orFieldErrors(await createBudget(ctx.db, fields))
        const found = await findOrCreateUserByExternalId(ctx.db, input.organizationId, user)
        if (!found.ok) throw new AppError('INVALID_INPUT', found.errors.user, { fields: found.errors })
        return orFieldErrors(await createBudget(ctx.db, { ...fields, userId: found.userId }))
      }),
    update: superAdminProcedure
      .input(budgetFields.extend({ id: recordId }))
      .mutation(async ({ ctx, input }) => orFieldErrors(await updateBudget(ctx.db, input.id, input))),
  },
}
