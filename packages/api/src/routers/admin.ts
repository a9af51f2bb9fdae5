import { bothFormsError, recordId, userRefSchema } from '@tokenledger/contract'
import { createBudget, findOrCreateUserByExternalId, listBudgets, updateBudget } from '@tokenledger/db'
import { DEFAULT_WARNING_THRESHOLD } from '@tokenledger/domain'
import { z } from 'zod'
import { AppError } from '../app-error'
import { superAdminProcedure } from '../auth/procedures'

const budgetFields = z.object({
  monthlyLimit: z.string().nullable(),
  warningThreshold: z.string().default(DEFAULT_WARNING_THRESHOLD),
  allowOverride: z.boolean().default(true),
  isActive: z.boolean().default(true),
})

function orFieldErrors<T>(
  result: { ok: true; budget: T } | { ok: false; errors: Record<string, string | undefined> },
): T {
  if (result.ok) return result.budget
  // createBudget's duplicate messages: "… already has a monthly budget …" (any period).
  const conflict = Object.values(result.errors).some((m) => m != null && /already has an? \w+ budget/.test(m))
  const missing = result.errors.id === 'No such budget.'
  throw new AppError(
    conflict ? 'CONFLICT' : missing ? 'NOT_FOUND' : 'INVALID_INPUT',
    Object.values(result.errors).join(' '),
    { fields: result.errors },
  )
}

/** Super admins only (session token from `auth.login`). */
export const adminRouter = {
  budgets: {
    list: superAdminProcedure
      .input(z.object({ organizationId: recordId.optional() }).optional())
      .query(({ ctx, input }) => listBudgets(ctx.db, input?.organizationId)),
    /** For the organization, or one user by id or by the app's own id (created on first sight). */
    create: superAdminProcedure
      .input(
        budgetFields
          .extend({
            organizationId: recordId,
            userId: recordId.nullable().default(null),
            user: userRefSchema.optional(),
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
