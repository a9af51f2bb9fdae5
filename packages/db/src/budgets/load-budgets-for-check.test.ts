import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { loadBudgetsForCheck } from './load-budgets-for-check'
import { reserveBudgets } from './reservations'

let db: Db
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL as string)
})
afterAll(async () => {
  await db.destroy()
})

const now = new Date()
const base = (tenant: Tenant) => ({ organizationId: tenant.organizationId, apiKeyId: tenant.apiKeyId })

async function addBudget(tenant: Tenant, fields: Record<string, unknown> = {}): Promise<number> {
  const [{ id }] = await db('ai_budgets')
    .insert({ organization_id: tenant.organizationId, monthly_limit: '10.00', ...fields })
    .returning('id')
  return id
}

describe('loadBudgetsForCheck', () => {
  it("reads the call's budgets and their holds, the app's ids looked up", async () => {
    const tenant = await createTenant(db, 'Check Load')
    await db('users')
      .where({ id: tenant.userId })
      .update({ organization_id: tenant.organizationId, external_id: 'usr_1' })
    await db('projects').where({ id: tenant.projectId }).update({ external_id: 'prj_1' })
    const org = await addBudget(tenant)
    const user = await addBudget(tenant, { user_id: tenant.userId, current_month_usage: '1.25' })
    const project = await addBudget(tenant, { project_id: tenant.projectId, period: 'daily' })
    const key = await addBudget(tenant, { api_key_id: tenant.apiKeyId })
    const scopes = { ...base(tenant), userId: tenant.userId, projectId: tenant.projectId }
    await reserveBudgets(db, { ...scopes, amount: '0.5', now })

    const byIds = await loadBudgetsForCheck(db, scopes, now)
    const byApp = await loadBudgetsForCheck(
      db,
      { ...base(tenant), userExternalId: 'usr_1', projectExternalId: 'prj_1' },
      now,
    )
    for (const loaded of [byIds, byApp]) {
      if (!loaded.ok) throw new Error(loaded.message)
      expect(loaded.scopes).toEqual(scopes)
      expect(loaded.budgets.map((b) => b.id)).toEqual([org, user, project, key])
      expect(loaded.budgets[1]).toMatchObject({ userId: tenant.userId, currentMonthUsage: '1.250000000000' })
      expect(loaded.budgets[2]).toMatchObject({ period: 'daily', timeZone: 'UTC', isActive: true })
      expect([...loaded.reserved.values()]).toEqual(Array(4).fill('0.500000000000'))
    }
    // App ids never seen: no user or project, so only the organization's and the key's apply.
    const unknown = await loadBudgetsForCheck(
      db,
      { ...base(tenant), userExternalId: 'usr_new', projectExternalId: 'prj_new' },
      now,
    )
    expect(unknown).toMatchObject({ ok: true, scopes: { userId: null, projectId: null } })
    expect(unknown.ok && unknown.budgets.map((b) => b.id)).toEqual([org, key])
  })

  it('answers no budget at all as an empty list', async () => {
    const tenant = await createTenant(db, 'Check Empty')
    expect(await loadBudgetsForCheck(db, base(tenant), now)).toMatchObject({ ok: true, budgets: [] })
  })

  it('refuses a user or project of another organization', async () => {
    const tenant = await createTenant(db, 'Check Mine')
    const other = await createTenant(db, 'Check Theirs')
    await addBudget(tenant)
    expect(await loadBudgetsForCheck(db, { ...base(tenant), userId: other.userId }, now)).toEqual({
      ok: false,
      message: `user ${other.userId} is not a member of this organization`,
    })
    expect(await loadBudgetsForCheck(db, { ...base(tenant), projectId: other.projectId }, now)).toEqual({
      ok: false,
      message: `project ${other.projectId} does not belong to this organization`,
    })
  })
})
