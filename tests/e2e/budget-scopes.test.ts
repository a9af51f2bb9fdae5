import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { createClient, type TokenledgerClient } from '@tokenledger/sdk'
import type { TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

// Project and API-key budgets, weekly and daily, through the api: recorded by `usage.log`,
// evaluated and named by `budgets.check`, overridden by the end user.
let db: Db
let api: ApiServer
let tenant: Tenant
let client: TokenledgerClient
let now = new Date('2031-01-01T10:00:00Z')

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0, clock: () => now, adminUrl: 'http://admin.test' })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})
beforeEach(async () => {
  tenant = await createTenant(db, 'Scoped')
  client = createClient({ url: api.url, apiKey: tenant.apiKey })
})

const call = { provider: 'openai', model: 'gpt-4o', promptTokens: 100_000, completionTokens: 10_000 } // $0.35
const reasonOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (e: TRPCClientError<never>) => (e.data as unknown as { reason: string }).reason,
  )

async function addBudget(fields: Record<string, unknown>): Promise<number> {
  const [{ id }] = await db('ai_budgets')
    .insert({ organization_id: tenant.organizationId, monthly_limit: '1.00', ...fields })
    .returning('id')
  return id
}

describe('project and API-key budgets', () => {
  it('counts logged calls in them and names each one that tripped', async () => {
    now = new Date('2031-01-01T10:00:00Z') // a Wednesday
    const org = await addBudget({ monthly_limit: '100.00' })
    const project = await addBudget({ project_id: tenant.projectId, period: 'weekly', monthly_limit: '1.00' })
    const key = await addBudget({ api_key_id: tenant.apiKeyId, period: 'daily', monthly_limit: '0.80' })
    const otherKey = await db('api_keys')
      .insert({
        organization_id: tenant.organizationId,
        name: 'other',
        prefix: 'tl_other',
        key_hash: 'x'.repeat(64),
      })
      .returning('id')
    await addBudget({ api_key_id: otherKey[0].id, monthly_limit: '0.00' })

    // Two calls for the project ($0.70): the key's daily budget reaches its warning, the
    // project's weekly budget is at 70 %.
    for (let i = 0; i < 2; i++)
      await client.usage.log.mutate({ ...call, userId: tenant.userId, projectId: tenant.projectId })
    const check = await client.budgets.check.query({ userId: tenant.userId, projectId: tenant.projectId })
    expect(check.status).toBe('warning')
    expect(check.budgets.map((b) => [b.budgetId, b.scope, b.period, b.usage, b.status])).toEqual([
      [org, 'organization', 'monthly', '0.700000', 'ok'],
      [project, 'project', 'weekly', '0.700000', 'ok'],
      [key, 'api_key', 'daily', '0.700000', 'warning'],
    ])
    expect(check.tripped).toEqual([{ budgetId: key, scope: 'api_key', period: 'daily', status: 'warning' }])

    // With the estimate of the next call, both the project's and the key's budget are used up.
    const next = await client.budgets.check.query({ projectId: tenant.projectId, estimatedCost: '0.35' })
    expect(next).toMatchObject({ status: 'exceeded', requiresConfirmation: true })
    expect(next.tripped.map((t) => [t.scope, t.status])).toEqual([
      ['project', 'exceeded'],
      ['api_key', 'exceeded'],
    ])
    expect(next.message).toMatch(/This project's weekly AI budget is used up/)
    expect(next.message).toMatch(/This API key's daily AI budget is used up/)

    // Without the project, only the organization's and the key's budgets apply.
    const withoutProject = await client.budgets.check.query({})
    expect(withoutProject.budgets.map((b) => b.scope)).toEqual(['organization', 'api_key'])

    // The next day the key's daily budget starts again; the project's week goes on.
    now = new Date('2031-01-02T00:00:01Z')
    const tomorrow = await client.budgets.check.query({ projectId: tenant.projectId })
    expect(tomorrow.budgets.map((b) => [b.scope, b.usage, b.periodStart])).toEqual([
      ['organization', '0.700000', '2031-01-01'],
      ['project', '0.700000', '2030-12-30'],
      ['api_key', '0.000000', '2031-01-02'],
    ])
  })

  it('refuses a project of another organization', async () => {
    const other = await createTenant(db, 'Scoped Elsewhere')
    expect(await reasonOf(client.budgets.check.query({ projectId: other.projectId }))).toBe(
      'ATTRIBUTION_INVALID',
    )
  })

  it("lets the end user override an exceeded project budget, and alerts once in the project's week", async () => {
    now = new Date('2031-01-08T09:00:00Z')
    const project = await addBudget({ project_id: tenant.projectId, period: 'weekly', monthly_limit: '0.00' })
    const request = await client.budgets.requestOverride.mutate({
      userId: tenant.userId,
      projectId: tenant.projectId,
    })
    expect(request.check.tripped).toEqual([
      { budgetId: project, scope: 'project', period: 'weekly', status: 'exceeded' },
    ])
    expect(await client.budgets.confirmOverride.mutate({ overrideId: request.id })).toMatchObject({
      status: 'confirmed',
    })
    const alerts = await db('ai_budget_alerts')
      .where({ budget_id: project })
      .select('kind', db.raw('period_start::text as period'))
    expect(alerts).toEqual([{ kind: 'override', period: '2031-01-06' }])
    const logged = await client.usage.log.mutate({
      ...call,
      userId: tenant.userId,
      projectId: tenant.projectId,
      budgetOverrideId: request.id,
    })
    expect(await db('ai_usage_logs').where({ id: logged.id }).first()).toMatchObject({
      budget_override: true,
    })

    // A project budget that forbids overrides blocks the request.
    await db('ai_budgets').where({ id: project }).update({ allow_override: false })
    expect(
      await reasonOf(
        client.budgets.requestOverride.mutate({ userId: tenant.userId, projectId: tenant.projectId }),
      ),
    ).toBe('BUDGET_BLOCKED')
  })
})

describe("a project named by the app's own id", () => {
  it('trips the project budget in check and override, and an unknown project has none', async () => {
    now = new Date('2031-02-03T09:00:00Z')
    await db('projects').where({ id: tenant.projectId }).update({ external_id: 'prj_search' })
    const project = await addBudget({ project_id: tenant.projectId, period: 'daily', monthly_limit: '0.50' })
    await client.usage.log.mutate({ ...call, userId: tenant.userId, projectId: tenant.projectId })

    const check = await client.budgets.check.query({
      project: { externalId: 'prj_search' },
      estimatedCost: '0.35',
    })
    expect(check.tripped).toEqual([
      { budgetId: project, scope: 'project', period: 'daily', status: 'exceeded' },
    ])

    const request = await client.budgets.requestOverride.mutate({
      userId: tenant.userId,
      project: { externalId: 'prj_search' },
      estimatedCost: '0.35',
    })
    expect(request.check.tripped.map((t) => t.budgetId)).toEqual([project])

    // Never synced: no budget of its own, and no project created by the check.
    const unknown = await client.budgets.check.query({
      project: { externalId: 'prj_nope' },
      estimatedCost: '0.35',
    })
    expect(unknown.budgets.map((b) => b.scope)).not.toContain('project')
    expect(await db('projects').where({ external_id: 'prj_nope' })).toEqual([])

    expect(
      await reasonOf(
        client.budgets.check.query({ projectId: tenant.projectId, project: { externalId: 'prj_search' } }),
      ),
    ).toBe('INVALID_INPUT')
  })
})
