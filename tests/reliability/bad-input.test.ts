import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { AppRouter } from '@tokenledger/api'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { hashPassword } from '@tokenledger/domain'
import { createTRPCClient, httpLink } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, errorOf, postRaw } from './helpers'

// Every public procedure and a few CLI commands fed wrong types, out-of-range numbers, overlong
// strings, bad dates and enums, SQL metacharacters, invalid UTF-8 and oversized bodies: each gets a
// typed error (data.code + data.reason) or a documented bound, nothing is half-written, and the api
// stays up.
let db: Db
let api: ApiServer
let acme: Tenant
let adminToken: string
const adminEmail = `bad-input-${randomUUID()}@example.test`
const SQL = "'; drop table ai_usage_logs; --"
const TABLES = ['ai_usage_logs', 'ai_budgets', 'budget_overrides', 'sessions', 'api_keys', 'organizations']

const client = (token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${api.url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  })
const snapshot = async () =>
  Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(db, t)])))
const healthy = async () => (await fetch(`${api.url}/healthz`)).status === 200

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  acme = await createTenant(db, 'Bad Input')
  await db('users').insert({
    email: adminEmail,
    name: 'Root',
    password_hash: await hashPassword('bad-input-admin'),
    is_super_admin: true,
  })
  adminToken = (await client().auth.login.mutate({ email: adminEmail, password: 'bad-input-admin' })).token
  await db('ai_budgets').insert({ organization_id: acme.organizationId, monthly_limit: '100' })
})
afterAll(async () => {
  await api.close()
  await db.destroy()
})

const INVALID = { code: 'BAD_REQUEST', reason: 'INVALID_INPUT' }
const NOT_FOUND = { code: 'NOT_FOUND', reason: 'NOT_FOUND' }
const ATTRIBUTION = { code: 'BAD_REQUEST', reason: 'ATTRIBUTION_INVALID' }

describe('bad input to the api', () => {
  it('gets a typed error for every procedure and case, writes nothing and leaves the api up', async () => {
    const key = client(acme.apiKey)
    const admin = client(adminToken)
    const valid = { provider: 'openai', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }
    const log = (patch: Record<string, unknown>) => () =>
      key.usage.log.mutate({ ...valid, ...patch } as never)
    const budget = { organizationId: acme.organizationId, monthlyLimit: '10' }
    const cases: Array<[string, () => Promise<unknown>, { code: string; reason: string }]> = [
      ['log: tokens as a string', log({ promptTokens: 'ten' }), INVALID],
      ['log: negative tokens', log({ completionTokens: -1 }), INVALID],
      ['log: fractional tokens', log({ promptTokens: 1.5 }), INVALID],
      ['log: tokens over int4', log({ promptTokens: 2 ** 31 }), INVALID],
      ['log: NaN-ish tokens (null)', log({ promptTokens: null }), INVALID],
      ['log: cached > prompt', log({ cachedTokens: 11 }), INVALID],
      ['log: negative cost', log({ cost: '-0.01' }), INVALID],
      ['log: cost as a number', log({ cost: 0.01 }), INVALID],
      ['log: cost in exponent form', log({ cost: '1e3' }), INVALID],
      ['log: cost beyond the cost column', log({ cost: '999999999999999' }), INVALID],
      [
        'log: total tokens beyond int4',
        log({ promptTokens: 2 ** 31 - 1, completionTokens: 2 ** 31 - 1 }),
        INVALID,
      ],
      ['log: cost with SQL', log({ cost: SQL }), INVALID],
      ['log: negative duration', log({ durationMs: -5 }), INVALID],
      ['log: empty provider', log({ provider: '   ' }), INVALID],
      ['log: overlong provider', log({ provider: 'p'.repeat(65) }), INVALID],
      ['log: overlong model', log({ model: 'm'.repeat(201) }), INVALID],
      ['log: overlong purposeDetail', log({ purposeDetail: 'x'.repeat(2_001) }), INVALID],
      // Error messages are cut when stored (20,000 characters), refused only over the content hard cap.
      [
        'log: errorMessage over the hard cap',
        log({ errorMessage: 'x'.repeat(16 * 1024 * 1024 + 1) }),
        INVALID,
      ],
      ['log: overlong idempotencyKey', log({ idempotencyKey: 'k'.repeat(201) }), INVALID],
      ['log: unknown category', log({ category: 'astrology' }), INVALID],
      ['log: SQL as category', log({ category: SQL }), INVALID],
      ['log: invalid date', log({ occurredAt: '2026-02-30T00:00:00Z' }), INVALID],
      ['log: date without zone', log({ occurredAt: '2026-01-01 00:00' }), INVALID],
      ['log: date in the future', log({ occurredAt: '2999-01-01T00:00:00Z' }), INVALID],
      ['log: override id not a uuid', log({ budgetOverrideId: SQL }), INVALID],
      ['log: metadata as an array', log({ metadata: [1, 2] }), INVALID],
      ['log: success as a string', log({ success: 'yes' }), INVALID],
      ['log: negative user id', log({ userId: -1 }), INVALID],
      ['log: user id beyond safe integers', log({ userId: 2 ** 60 }), INVALID],
      ['log: unknown project', log({ projectId: 999_999_999 }), ATTRIBUTION],
      ['logBatch: events not an array', () => key.usage.logBatch.mutate({ events: 'x' as never }), INVALID],
      ['logBatch: no events', () => key.usage.logBatch.mutate({ events: [] }), INVALID],
      [
        'logBatch: 1,001 events',
        () => key.usage.logBatch.mutate({ events: Array.from({ length: 1_001 }, () => valid) }),
        INVALID,
      ],
      ['check: negative user id', () => key.budgets.check.query({ userId: -1 }), INVALID],
      ['check: user id as a string', () => key.budgets.check.query({ userId: '1' as never }), INVALID],
      ['check: negative estimate', () => key.budgets.check.query({ estimatedCost: '-1' }), INVALID],
      ['check: SQL estimate', () => key.budgets.check.query({ estimatedCost: SQL }), INVALID],
      [
        'requestOverride: estimate beyond the cost column',
        () => key.budgets.requestOverride.mutate({ userId: acme.userId, estimatedCost: '999999999999999' }),
        INVALID,
      ],
      ['check: unknown user', () => key.budgets.check.query({ userId: 999_999_999 }), ATTRIBUTION],
      ['requestOverride: no user', () => key.budgets.requestOverride.mutate({} as never), INVALID],
      [
        'requestOverride: estimate as a number',
        () => key.budgets.requestOverride.mutate({ userId: acme.userId, estimatedCost: 5 as never }),
        INVALID,
      ],
      [
        'requestOverride: unknown user',
        () => key.budgets.requestOverride.mutate({ userId: 999_999_999 }),
        ATTRIBUTION,
      ],
      [
        'getOverride: id as a number',
        () => key.budgets.getOverride.query({ overrideId: 1 as never }),
        INVALID,
      ],
      ['getOverride: SQL id', () => key.budgets.getOverride.query({ overrideId: SQL }), NOT_FOUND],
      [
        'getOverride: unknown uuid',
        () => key.budgets.getOverride.query({ overrideId: randomUUID() }),
        NOT_FOUND,
      ],
      ['confirmOverride: SQL id', () => key.budgets.confirmOverride.mutate({ overrideId: SQL }), NOT_FOUND],
      [
        'confirmOverride: 100 kB id',
        () => key.budgets.confirmOverride.mutate({ overrideId: 'x'.repeat(100_000) }),
        NOT_FOUND,
      ],
      ['cancelOverride: missing id', () => key.budgets.cancelOverride.mutate({} as never), INVALID],
      ['cancelOverride: SQL id', () => key.budgets.cancelOverride.mutate({ overrideId: SQL }), NOT_FOUND],
      ['login: empty email', () => client().auth.login.mutate({ email: '', password: 'x' }), INVALID],
      [
        'login: overlong email',
        () => client().auth.login.mutate({ email: 'e'.repeat(321), password: 'x' }),
        INVALID,
      ],
      [
        'login: overlong password',
        () => client().auth.login.mutate({ email: adminEmail, password: 'p'.repeat(1_001) }),
        INVALID,
      ],
      [
        'login: email as a number',
        () => client().auth.login.mutate({ email: 1 as never, password: 'x' }),
        INVALID,
      ],
      [
        'login: SQL in email and password',
        () => client().auth.login.mutate({ email: `${SQL}@x`, password: `' or '1'='1` }),
        { code: 'UNAUTHORIZED', reason: 'UNAUTHENTICATED' },
      ],
      [
        'admin.create: negative org',
        () => admin.admin.budgets.create.mutate({ ...budget, organizationId: -1 }),
        INVALID,
      ],
      [
        'admin.create: limit as a number',
        () => admin.admin.budgets.create.mutate({ ...budget, monthlyLimit: 10 as never }),
        INVALID,
      ],
      [
        'admin.create: SQL limit',
        () => admin.admin.budgets.create.mutate({ ...budget, monthlyLimit: SQL }),
        INVALID,
      ],
      [
        'admin.create: negative limit',
        () => admin.admin.budgets.create.mutate({ ...budget, monthlyLimit: '-5' }),
        INVALID,
      ],
      [
        'admin.create: threshold over 100',
        () => admin.admin.budgets.create.mutate({ ...budget, warningThreshold: '150' }),
        INVALID,
      ],
      [
        'admin.create: second budget for the organization',
        () => admin.admin.budgets.create.mutate(budget),
        { code: 'CONFLICT', reason: 'CONFLICT' },
      ],
      [
        'admin.update: unknown id',
        () => admin.admin.budgets.update.mutate({ id: 999_999_999, monthlyLimit: '1' }),
        NOT_FOUND,
      ],
      [
        'admin.update: id as a string',
        () => admin.admin.budgets.update.mutate({ id: 'x' as never, monthlyLimit: '1' }),
        INVALID,
      ],
      [
        'admin.update: active as a string',
        () => admin.admin.budgets.update.mutate({ id: 1, monthlyLimit: '1', isActive: 'no' as never }),
        INVALID,
      ],
    ]

    const before = await snapshot()
    const outcomes = []
    for (const [label, call, expected] of cases) {
      outcomes.push({ label, outcome: await errorOf(call), expected })
    }
    expect(outcomes.filter((o) => JSON.stringify(o.outcome) !== JSON.stringify(o.expected))).toEqual([])
    expect(await snapshot()).toEqual(before)
    expect(await healthy()).toBe(true)
  })

  it('stores SQL metacharacters as plain text', async () => {
    const result = await client(acme.apiKey).usage.log.mutate({
      provider: 'openai',
      model: SQL,
      purposeDetail: SQL,
      prompt: SQL,
      metadata: { [SQL]: SQL },
    })
    const row = await db('ai_usage_logs').where({ id: result.id }).first()
    expect(row).toMatchObject({
      model: SQL,
      purpose_detail: SQL,
      prompt_content: SQL,
      metadata: { [SQL]: SQL },
    })
    expect(await countRows(db, 'ai_usage_logs')).toBeGreaterThan(0)
  })

  it('stores NUL characters (which Postgres text cannot hold) as U+FFFD, in content and metadata', async () => {
    const result = await client(acme.apiKey).usage.log.mutate({
      provider: 'openai',
      model: 'gpt-4o',
      prompt: 'a\u0000b',
      metadata: { 'k\u0000': 'v\u0000' },
    })
    const row = await db('ai_usage_logs').where({ id: result.id }).first()
    expect(row).toMatchObject({ prompt_content: 'a\uFFFDb', metadata: { 'k\uFFFD': 'v\uFFFD' } })
  })

  it('refuses malformed JSON and bodies over 32 MB with a clear error, and replaces invalid UTF-8', async () => {
    const before = await countRows(db, 'ai_usage_logs')
    const malformed = await postRaw(api.url, 'usage.log', '{"provider":', acme.apiKey)
    expect(malformed.status).toBe(400)
    expect(malformed.json).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } })

    const tooLarge = await postRaw(api.url, 'usage.log', Buffer.alloc(33 * 1024 * 1024, 'a'), acme.apiKey)
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.json).toMatchObject({ error: { data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } })
    expect(await countRows(db, 'ai_usage_logs')).toBe(before)

    // Documented bound: bytes that are not UTF-8 are decoded as U+FFFD, and the event is stored.
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"provider":"openai","model":"gpt-4o","prompt":"a'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('b"}'),
    ])
    const stored = await postRaw(api.url, 'usage.log', invalidUtf8, acme.apiKey)
    expect(stored.status).toBe(200)
    const id = (stored.json as { result: { data: { id: number } } }).result.data.id
    const row = await db('ai_usage_logs').where({ id }).first()
    expect(row.prompt_content).toMatch(/^a\uFFFD+b$/)
    expect(await healthy()).toBe(true)
  })

  it('stores a 10 MB prompt cut to 200,000 characters, marked content_truncated', async () => {
    const result = await client(acme.apiKey).usage.log.mutate({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 1,
      prompt: 'x'.repeat(10 * 1024 * 1024),
      metadata: { feature: 'big' },
    })
    const row = await db('ai_usage_logs').where({ id: result.id }).first()
    expect(row.prompt_content.startsWith('x'.repeat(200_000))).toBe(true)
    expect(row.prompt_content.slice(200_000)).toBe(
      `\n[TRUNCATED: ${10 * 1024 * 1024 - 200_000} more characters]`,
    )
    expect(row.metadata).toEqual({ feature: 'big', content_truncated: true })
    expect(await healthy()).toBe(true)
  })
})

const BIN = fileURLToPath(new URL('../../apps/cli/bin/tokenledger.mjs', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('bad input to the CLI', () => {
  it('refuses bad arguments with a non-zero exit and a message, writing nothing', async () => {
    const cost = ['cost', '--provider', 'openai', '--model', 'gpt-4o', '--output-tokens', '1']
    const cases: Array<[string, string[]]> = [
      ['cost: tokens not a number', [...cost, '--input-tokens', 'ten']],
      ['cost: negative tokens', [...cost, '--input-tokens', '-1']],
      ['cost: huge tokens', [...cost, '--input-tokens', '1e400']],
      ['cost: unparseable date', [...cost, '--input-tokens', '1', '--at', 'yesterday-ish']],
      ['aggregate: invalid date', ['ai:aggregate-daily', '--date', '2026-02-30']],
      ['aggregate: SQL as date', ['ai:aggregate-daily', '--date', SQL]],
      ['aggregate: unknown option', ['ai:aggregate-daily', '--day', '2026-01-01']],
      ['keys:create: no org', ['keys:create']],
      ['keys:create: SQL as org', ['keys:create', '--org', SQL]],
      [
        'keys:create: a 100,000-character name',
        ['keys:create', '--org', acme.slug, '--name', 'n'.repeat(100_000)],
      ],
      ['migrate: --status with --rollback', ['migrate', '--status', '--rollback']],
    ]
    const before = await snapshot()
    const outcomes = []
    for (const [label, args] of cases) {
      const run = await cli(args)
      outcomes.push({ label, code: run.code, stdout: run.stdout, hasMessage: run.stderr.trim().length > 0 })
    }
    expect(
      outcomes.filter((o) => o.code === 0 || o.code === null || !o.hasMessage || o.stdout !== ''),
    ).toEqual([])
    expect(await snapshot()).toEqual(before)
  })
})
