import { createTenant, type Tenant } from '@tokenledger/db/testing'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type System, startSystem } from './support/system'

// The app's own ids through the gateway: headers and OpenAI's `user` field become users,
// projects and documents of the key's organization, created on first sight.
let system: System
let tenant: Tenant

beforeAll(async () => {
  system = await startSystem()
})
afterAll(() => system.stop())
beforeEach(async () => {
  tenant = await createTenant(system.db, 'Gateway app ids')
})

const openai = (headers: Record<string, string>) =>
  new OpenAI({
    apiKey: tenant.apiKey,
    baseURL: `${system.gateway.url}/openai/v1`,
    maxRetries: 0,
    defaultHeaders: { 'x-provider-authorization': 'sk-up', ...headers },
  })
const chat = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] }

/** Waits for the gateway's background delivery, then reads the call's row with its external ids. */
async function loggedRow(purpose: string) {
  for (let i = 0; i < 100; i++) {
    const rows = await system
      .db('ai_usage_logs as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .leftJoin('projects as p', 'p.id', 'l.project_id')
      .leftJoin('documents as d', 'd.id', 'l.document_id')
      .where({ 'l.organization_id': tenant.organizationId, 'l.purpose_detail': purpose })
      .select('u.external_id as user', 'p.external_id as project', 'd.external_id as document', 'l.metadata')
    if (rows.length) return rows[0]
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no row for ${purpose}`)
}

describe('the gateway with the app’s own ids', () => {
  it('creates the user and project the headers name, and the document filed under it', async () => {
    await openai({
      'x-tokenledger-user': 'usr_gw',
      'x-tokenledger-project': 'prj_gw',
      'x-tokenledger-purpose': 'gw-headers',
    }).chat.completions.create(chat)
    expect(await loggedRow('gw-headers')).toMatchObject({ user: 'usr_gw', project: 'prj_gw', document: null })
  })

  it("takes OpenAI's user field as the app's user id when no header names a user", async () => {
    await openai({ 'x-tokenledger-purpose': 'gw-body-user' }).chat.completions.create({
      ...chat,
      user: 'usr_body',
    })
    expect(await loggedRow('gw-body-user')).toMatchObject({
      user: 'usr_body',
      metadata: expect.objectContaining({ providerUser: 'usr_body' }),
    })
    // A header wins over the body field.
    await openai({
      'x-tokenledger-user': 'usr_header',
      'x-tokenledger-purpose': 'gw-header-wins',
    }).chat.completions.create({ ...chat, user: 'usr_body_2' })
    expect(await loggedRow('gw-header-wins')).toMatchObject({ user: 'usr_header' })
    const users = await system
      .db('users')
      .where({ organization_id: tenant.organizationId })
      .pluck('external_id')
    expect(users.sort()).toEqual(['usr_body', 'usr_header'])
  })

  it('still takes numeric ids under -id headers, and refuses both forms of one user', async () => {
    await openai({
      'x-tokenledger-user-id': String(tenant.userId),
      'x-tokenledger-purpose': 'gw-numeric',
    }).chat.completions.create(chat)
    expect(await loggedRow('gw-numeric')).toMatchObject({ user: null })
    const row = await system.db('ai_usage_logs').where({ purpose_detail: 'gw-numeric' }).first()
    expect(row.user_id).toBe(tenant.userId)

    const both = await openai({
      'x-tokenledger-user': 'usr_x',
      'x-tokenledger-user-id': String(tenant.userId),
    })
      .chat.completions.create(chat)
      .catch((e: unknown) => e)
    expect(both).toMatchObject({ status: 400 })
    expect((both as Error).message).toMatch(/not both/)
  })

  it('checks the budget of a user named by its external id, asking it to confirm an override', async () => {
    await system.db('ai_budgets').insert({
      organization_id: tenant.organizationId,
      monthly_limit: '0.01',
      current_month_usage: '0.02',
    })
    const stopped = await openai({ 'x-tokenledger-user': 'usr_over' })
      .chat.completions.create(chat)
      .catch((e: unknown) => e)
    expect(stopped).toMatchObject({ status: 402, type: 'budget_confirmation_required' })
    expect((stopped as Error).message).toContain('http://admin.test/override/')
    const [user] = await system
      .db('users')
      .where({ organization_id: tenant.organizationId, external_id: 'usr_over' })
    expect(await system.db('budget_overrides').where({ user_id: user.id })).toHaveLength(1)
  })
})
