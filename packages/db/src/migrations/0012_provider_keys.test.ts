import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { migrateLatest } from '../migrate'
import { migrationSource } from '.'

const config = { migrationSource, tableName: 'knex_migrations' }
let db: Db
let org: number

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  ;[{ id: org }] = await db('organizations').insert({ name: 'Keys', slug: 'keys-0012' }).returning('id')
})
afterAll(async () => {
  await migrateLatest(db)
  await db('organizations').where({ id: org }).delete()
  await db.destroy()
})

const row = (overrides: Record<string, unknown> = {}) => ({
  organization_id: org,
  provider: 'openai',
  ciphertext: randomBytes(40),
  nonce: randomBytes(12),
  auth_tag: randomBytes(16),
  hint: '…abcd',
  ...overrides,
})

describe('0012_provider_keys', () => {
  it('keeps one key per organization and provider, of a known provider, with GCM-sized nonce and tag', async () => {
    await db('provider_keys').insert(row())
    await expect(db('provider_keys').insert(row())).rejects.toThrow(/provider_keys_one_per_provider/)
    await expect(db('provider_keys').insert(row({ provider: 'gemini' }))).rejects.toThrow(/check constraint/)
    await expect(
      db('provider_keys').insert(row({ provider: 'anthropic', nonce: randomBytes(16) })),
    ).rejects.toThrow(/check constraint/)
    await expect(
      db('provider_keys').insert(row({ provider: 'anthropic', auth_tag: randomBytes(8) })),
    ).rejects.toThrow(/check constraint/)
    const [stored] = await db('provider_keys').where({ organization_id: org })
    expect(stored).toMatchObject({ key_version: 1, rotated_at: null, created_at: expect.any(Date) })
  })

  it('rolls back to no table and forward again', async () => {
    while ((await db('knex_migrations').orderBy('id', 'desc').first('name')).name !== '0012_provider_keys')
      await db.migrate.down(config)
    await db.migrate.down(config)
    expect(await db.schema.hasTable('provider_keys')).toBe(false)
    await db.migrate.up(config)
    expect(await db.schema.hasTable('provider_keys')).toBe(true)
  })
})
