import { userRefSchema } from '@tokenledger/contract'
import type { Knex } from 'knex'
import { addMembers, upsertByExternalId } from './upsert-by-external-id'
import { describeIssues } from './upsert-directory'

export type UserByExternalIdResult = { ok: true; userId: number } | { ok: false; errors: { user: string } }

/**
 * The user a budget (or an override confirmation) is for, named by the app's own id, typed in
 * the admin or sent over the api: the existing one of that organization, or a new member created
 * now, so a budget can be set before the user's first call. Pass the result's userId to
 * createBudget. Errors come back in createBudget's field-error shape.
 */
export async function findOrCreateUserByExternalId(
  db: Knex,
  organizationId: number,
  user: unknown,
): Promise<UserByExternalIdResult> {
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

/**
 * Read-only lookup for budgets.check: a user the organization has never seen has no budget of
 * its own, so the check needs no row created (null: only the organization's budget applies).
 */
export async function findUserIdByExternalId(
  db: Knex,
  organizationId: number,
  externalId: string,
): Promise<number | null> {
  const row = await db('users')
    .where({ organization_id: organizationId, external_id: externalId })
    .first('id')
  return row?.id ?? null
}
