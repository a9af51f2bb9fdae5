import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenledger } from '../testing/run-cli'

let db: Db
let tenant: Tenant
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Cli Keys')
})
afterAll(async () => {
  await db('model_prices').where({ provider: 'openai', model: 'gpt-4o-cli-test' }).delete()
  await db.destroy()
})

const oneToken = ['--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '1', '--output-tokens', '1']

describe('tokenledger cost', () => {
  it('prices a call from the catalog', async () => {
    const run = await tokenledger([
      'cost',
      '--provider',
      'openai',
      '--model',
      'gpt-4o',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '100',
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ cost: '0.0035', priced: true, source: 'catalog' })
  })

  it('prints the exact cost, 1-hour cache writes and web searches included', async () => {
    const tiny = await tokenledger([
      'cost',
      '--provider',
      'openai',
      '--model',
      'gpt-4o-mini',
      '--input-tokens',
      '7',
      '--output-tokens',
      '1',
    ])
    expect(JSON.parse(tiny.stdout)).toMatchObject({ cost: '0.00000165', priced: true })
    const claude = await tokenledger([
      'cost',
      '--provider',
      'anthropic',
      '--model',
      'claude-sonnet-4-20250514',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '0',
      '--cache-write-tokens',
      '1000',
      '--cache-write-1h-tokens',
      '1000',
      '--web-search-requests',
      '1',
    ])
    // 1000 × $6 (1-hour cache writes) per million + one search at $10 per 1,000
    expect(JSON.parse(claude.stdout)).toMatchObject({ cost: '0.016', priced: true })
    const tooMany = await tokenledger([
      'cost',
      '--provider',
      'anthropic',
      '--model',
      'claude-sonnet-4-20250514',
      '--input-tokens',
      '10',
      '--output-tokens',
      '0',
      '--cache-write-1h-tokens',
      '1',
    ])
    expect(tooMany.code).not.toBe(0)
    expect(tooMany.stderr).toMatch(/cacheWrite1hTokens .* cannot exceed cacheWriteTokens/)
  })

  it('uses a custom price effective at the given time, and cached and reasoning tokens', async () => {
    await db('model_prices').insert({
      provider: 'openai',
      model: 'gpt-4o-cli-test',
      input_mtok: '1',
      output_mtok: '2',
      cache_read_mtok: '0.5',
      reasoning_mtok: '4',
      effective_from: '2026-01-01T00:00:00Z',
    })
    const args = [
      'cost',
      '--provider',
      'openai',
      '--model',
      'gpt-4o-cli-test',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '1000',
    ]
    const custom = await tokenledger([
      ...args,
      '--cached-input-tokens',
      '400',
      '--reasoning-tokens',
      '500',
      '--at',
      '2026-06-01T00:00:00Z',
    ])
    // 600 × $1 + 400 × $0.5 + 500 × $2 + 500 × $4, per million
    expect(JSON.parse(custom.stdout)).toMatchObject({ cost: '0.0038', priced: true, source: 'custom' })
    const before = await tokenledger([...args, '--at', '2025-06-01T00:00:00Z'])
    expect(JSON.parse(before.stdout)).toEqual({ cost: null, priced: false, source: null, prices: null })
  })

  it('refuses bad arguments with exit code 2', async () => {
    for (const args of [
      ['--provider', 'openai', '--input-tokens', '1', '--output-tokens', '1'],
      ['--provider', 'openai', '--model', 'gpt-4o', '--input-tokens', '-1', '--output-tokens', '1'],
      [
        '--provider',
        'openai',
        '--model',
        'gpt-4o',
        '--input-tokens',
        '10',
        '--output-tokens',
        '1',
        '--cached-input-tokens',
        '11',
      ],
      [
        '--provider',
        'openai',
        '--model',
        'gpt-4o',
        '--input-tokens',
        '10',
        '--output-tokens',
        '1',
        '--bogus',
        '1',
      ],
      [...oneToken, '--at', '2026-02-30T00:00:00Z'],
      [...oneToken, '--at', 'yesterday'],
    ]) {
      const run = await tokenledger(['cost', ...args])
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toMatch(/^error: /)
      expect(run.stdout).toBe('')
    }
  })
})

describe('tokenledger redact', () => {
  it('reads stdin and prints the redacted text and the summary as JSON', async () => {
    const run = await tokenledger(['redact'], {
      stdin: 'Mail jane.doe@example.com, card 4111 1111 1111 1111, v1.2.3',
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({
      text: 'Mail [REDACTED:email], card [REDACTED:credit_card], v1.2.3',
      summary: { email: 1, credit_card: 1 },
    })
  })
})

describe('tokenledger keys:create', () => {
  it('prints a new key once and stores only its hash', async () => {
    const run = await tokenledger(['keys:create', '--org', tenant.slug, '--name', 'ci'])
    expect(run.code).toBe(0)
    const key = run.stdout.trim()
    expect(key).toMatch(/^tl_[a-z0-9]{12}_[A-Za-z0-9]{32}$/)
    const row = await db('api_keys').where({ organization_id: tenant.organizationId, name: 'ci' }).first()
    expect(row.key_hash).not.toContain(key)
    expect(key).toContain(row.prefix)
  })

  it('revokes a key: the api refuses it once its cache time is up', async () => {
    const { startApiServer } = await import('@tokenledger/api-server')
    const { createClient } = await import('@tokenledger/sdk')
    const api = await startApiServer({ db, port: 0, apiKeyCacheTtlMs: 100 })
    try {
      const client = createClient({ url: api.url, apiKey: tenant.apiKey })
      const event = { provider: 'openai', model: 'gpt-4o-mini', promptTokens: 1, completionTokens: 1 }
      expect(await client.usage.log.mutate(event)).toMatchObject({ status: 'stored' })
      const run = await tokenledger(['keys:revoke', tenant.apiKey])
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^revoked API key /)
      await new Promise((resolve) => setTimeout(resolve, 150))
      const refused = await client.usage.log
        .mutate(event)
        .catch((e: { data?: { reason?: string } }) => e.data?.reason)
      expect(refused).toBe('INVALID_API_KEY')
      expect((await tokenledger(['keys:revoke', tenant.apiKey])).code).toBe(1)
      expect((await tokenledger(['keys:revoke', 'nonsense'])).code).toBe(2)
    } finally {
      await api.close()
    }
  })

  it('refuses an unknown organization', async () => {
    const run = await tokenledger(['keys:create', '--org', 'no-such-org'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/no organization with slug "no-such-org"/)
  })
})
