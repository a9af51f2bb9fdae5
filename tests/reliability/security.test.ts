import { randomUUID } from 'node:crypto'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { hashPassword } from '@tokenledger/domain'
import { createTRPCClient, httpLink } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { errorOf } from './helpers'

// Keys are stored hashed, organizations are isolated from each other, admin procedures are for
// super admins only, and planted secrets never reach the database or the server's output.
let db: Db
let api: ApiServer
let acme: Tenant
let other: Tenant
let memberToken: string
let adminToken: string
const memberEmail = `member-${randomUUID()}@example.test`
const adminEmail = `root-${randomUUID()}@example.test`

const client = (token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${api.url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  })

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  acme = await createTenant(db, 'Secure Acme')
  other = await createTenant(db, 'Secure Other')
  await db('users').insert([
    { email: adminEmail, name: 'Root', password_hash: await hashPassword('sec-admin'), is_super_admin: true },
    {
      email: memberEmail,
      name: 'Member',
      password_hash: await hashPassword('sec-member'),
      is_super_admin: false,
    },
  ])
  memberToken = (await client().auth.login.mutate({ email: memberEmail, password: 'sec-member' })).token
  adminToken = (await client().auth.login.mutate({ email: adminEmail, password: 'sec-admin' })).token
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

describe('security', () => {
  it('stores API keys as hashes only: no key (nor its secret part) appears anywhere in api_keys', async () => {
    const { rows } = await db.raw('select row_to_json(k)::text as t from api_keys k')
    const text = rows.map((r: { t: string }) => r.t).join('\n')
    for (const key of [acme.apiKey, other.apiKey]) {
      expect(text).not.toContain(key)
      expect(text).not.toContain(key.slice(-24))
    }
  })

  it("keeps an organization's key away from another organization's projects, users and overrides", async () => {
    const mine = client(acme.apiKey)
    const theirs = client(other.apiKey)
    const override = await theirs.budgets.requestOverride.mutate({ userId: other.userId })
    const logsBefore = await db('ai_usage_logs')
      .where({ organization_id: other.organizationId })
      .count({ n: '*' })
    const event = { provider: 'openai', model: 'gpt-4o', promptTokens: 1 }
    const ATTRIBUTION = { code: 'BAD_REQUEST', reason: 'ATTRIBUTION_INVALID' }
    const NOT_FOUND = { code: 'NOT_FOUND', reason: 'NOT_FOUND' }
    const outcomes = {
      project: await errorOf(() => mine.usage.log.mutate({ ...event, projectId: other.projectId })),
      document: await errorOf(() => mine.usage.log.mutate({ ...event, documentId: other.documentId })),
      user: await errorOf(() => mine.usage.log.mutate({ ...event, userId: other.userId })),
      check: await errorOf(() => mine.budgets.check.query({ userId: other.userId })),
      request: await errorOf(() => mine.budgets.requestOverride.mutate({ userId: other.userId })),
      get: await errorOf(() => mine.budgets.getOverride.query({ overrideId: override.id })),
      confirm: await errorOf(() => mine.budgets.confirmOverride.mutate({ overrideId: override.id })),
      cancel: await errorOf(() => mine.budgets.cancelOverride.mutate({ overrideId: override.id })),
      useOverride: await errorOf(() => mine.usage.log.mutate({ ...event, budgetOverrideId: override.id })),
    }
    expect(outcomes).toEqual({
      project: ATTRIBUTION,
      document: ATTRIBUTION,
      user: ATTRIBUTION,
      check: ATTRIBUTION,
      request: ATTRIBUTION,
      get: NOT_FOUND,
      confirm: NOT_FOUND,
      cancel: NOT_FOUND,
      // Stored for acme, but the other organization's override is not applied.
      useOverride: 'no error',
    })
    const used = await db('ai_usage_logs').where({ budget_override_id: override.id }).count({ n: '*' })
    expect(used).toEqual([{ n: 0 }])
    expect(await theirs.budgets.getOverride.query({ overrideId: override.id })).toMatchObject({
      status: 'pending',
    })
    expect(
      await db('ai_usage_logs').where({ organization_id: other.organizationId }).count({ n: '*' }),
    ).toEqual(logsBefore)
  })

  it('refuses admin procedures to members, API keys and anonymous callers', async () => {
    const calls = (token?: string) => ({
      list: () => client(token).admin.budgets.list.query(),
      create: () =>
        client(token).admin.budgets.create.mutate({
          organizationId: other.organizationId,
          monthlyLimit: '1',
        }),
      update: () => client(token).admin.budgets.update.mutate({ id: 1, monthlyLimit: '1' }),
    })
    const budgetsBefore = await db('ai_budgets').count({ n: '*' })
    for (const [who, token, reason] of [
      ['member', memberToken, 'FORBIDDEN'],
      ['api key', acme.apiKey, 'UNAUTHENTICATED'],
      ['anonymous', undefined, 'UNAUTHENTICATED'],
      ['garbage token', "'; drop table sessions; --", 'UNAUTHENTICATED'],
    ] as const) {
      for (const [name, call] of Object.entries(calls(token))) {
        expect({ who, name, outcome: await errorOf(call) }).toMatchObject({ who, name, outcome: { reason } })
      }
    }
    expect(await db('ai_budgets').count({ n: '*' })).toEqual(budgetsBefore)
    expect(await client(adminToken).admin.budgets.list.query()).toBeInstanceOf(Array)
  })

  it('never lets planted PII reach the database or the server output', async () => {
    const planted = {
      email: 'jane.planted@example.com',
      ssn: '536-22-1987',
      card: '4111 1111 1111 1111',
      aws: 'AKIAZ3MPLQ7RTW2X4KJD',
      privateKey: [
        '-----BEGIN RSA PRIVATE KEY-----',
        'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
        'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
        '-----END RSA PRIVATE KEY-----',
      ].join('\n'),
    }
    const text = `Contact ${planted.email}, SSN ${planted.ssn}, card ${planted.card}, aws ${planted.aws}\n${planted.privateKey}`
    const output: string[] = []
    const capture = (chunk: unknown) => {
      output.push(String(chunk))
      return true
    }
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
      ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
        vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
          output.push(args.map(String).join(' '))
        }),
      ),
    ]
    let ids: number[]
    try {
      const key = client(acme.apiKey)
      const one = await key.usage.log.mutate({
        provider: 'openai',
        model: 'gpt-4o',
        promptTokens: 10,
        prompt: text,
        response: text,
        success: false,
        errorMessage: text,
      })
      const batch = await key.usage.logBatch.mutate({
        events: [
          { provider: 'anthropic', model: 'claude-sonnet-4', prompt: text, response: `Reply: ${text}` },
        ],
      })
      ids = [one.id, ...batch.results.map((r) => ('id' in r ? r.id : 0))]
    } finally {
      for (const spy of spies) spy.mockRestore()
    }
    const { rows } = await db.raw('select row_to_json(l)::text as t from ai_usage_logs l where id = any(?)', [
      ids,
    ])
    expect(rows).toHaveLength(2)
    const stored = rows.map((r: { t: string }) => r.t).join('\n')
    const keyLine = planted.privateKey.split('\n')[1] as string
    for (const value of [planted.email, planted.ssn, planted.card, planted.aws, keyLine]) {
      expect({ value, inDatabase: stored.includes(value) }).toEqual({ value, inDatabase: false })
      expect({ value, inOutput: output.join('\n').includes(value) }).toEqual({ value, inOutput: false })
    }
    expect(stored).toContain('[REDACTED:email]')
  })
})
