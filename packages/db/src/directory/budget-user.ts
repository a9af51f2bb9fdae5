import type { Knex } from 'knex'
import { userRefSchema } from './external-ref-schemas'
import { addMembers, upsertByExternalId } from './upsert-by-external-id'
import { describeIssues } from './upsert-directory'

export type BudgetUserResult = { ok: true; userId: number } | { ok: false; errors: { user: string } }

/**
 * The user a budget is for, named by the app's own id (typed in the admin or sent over the api):
 * the existing one of that organization, or a new member created now, so a budget can be set
 * before the user's first call. Pass the result's userId to createBudget. Errors come back in
 * createBudget's field-error shape.
 */
export async function findOrCreateBudgetUser(
  db: Knex,
  organizationId: number,
  user: unknown,
): Promise<BudgetUserResult> {
  const parsed = userRefSchema.safeParse(user)
  if (!parsed.success) return { ok: false, errors: { user: describeIssues(parsed.error.issues) } }
  const ref = parsed.data
  return db.transaction(async (trx) => {
    // Locked so the organization cannot be deleted between this check and the insert.
    const org = await trx('organizations').where({ id: organizationId }).forKeyShare().first('id')
    if (!org) return { ok: false as const, errors: { user: 'No such organization.' } }
    const users = await upsertByExternalId(trx, 'users', organizationId, [
      {
        externalId: ref.externalId,
        insert: { email: ref.email ?? null, name: ref.name ?? null },
        update: { email: ref.email, name: ref.name },
      },
    ])
    const row = users.get(ref.externalId)
    if (!row)
      return { ok: false as const, errors: { user: 'The user was deleted while it was being looked up.' } }
    if (row.status === 'created') await addMembers(trx, organizationId, [row.id])
    return { ok: true as const, userId: row.id }
  })
}
