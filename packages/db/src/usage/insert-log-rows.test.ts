import type { UsageEvent } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { createTenant, type Tenant } from '../testing'
import { buildLogRow, type LogRow } from './build-log-row'
import { insertLogRows } from './insert-log-rows'

let db: Db
let tenant: Tenant
beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenant = await createTenant(db, 'Insert Log Rows')
})
afterAll(async () => {
  await db.destroy()
})

const event = (fields: Partial<UsageEvent> = {}): UsageEvent => ({
  provider: 'openai',
  model: 'gpt-4o',
  promptTokens: 1200,
  completionTokens: 34,
  cachedTokens: 200,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  success: false,
  category: 'summarization',
  durationMs: 812,
  errorMessage: 'timeout after "30 s"\ttab\nnew line \\ backslash',
  purposeDetail: 'naïve café ✓ 😀',
  taskType: 'ticket',
  loggable: { type: 'Ticket', id: 42 },
  prompt: 'mail jane.doe@example.com {"json": "looking"}',
  response: 'ok',
  metadata: { nested: { list: [1, 'two', null, true], quote: '"' }, empty: {} },
  ...fields,
})
const rowOf = (fields: Partial<UsageEvent> = {}, customPrices = []): LogRow =>
  buildLogRow({
    event: event(fields),
    attribution: {
      organizationId: tenant.organizationId,
      apiKeyId: tenant.apiKeyId,
      userId: tenant.userId,
      projectId: tenant.projectId,
      documentId: tenant.documentId,
    },
    customPrices,
    now: new Date('2026-02-03T04:05:06.789Z'),
  })
const stored = (id: number) =>
  db('ai_usage_logs')
    .where({ id })
    .first()
    .then(({ id: _, idempotency_key: __, ...rest }) => rest)

describe('insertLogRows', () => {
  it('stores every column exactly as a knex insert of the same row does', async () => {
    const priced = rowOf()
    const unpriced = rowOf({ model: 'no-such-model-anywhere', metadata: undefined, errorMessage: undefined })
    expect(priced.prices).not.toBeNull()
    expect(unpriced.prices).toBeNull()
    for (const row of [priced, unpriced]) {
      const [viaKnex] = await db('ai_usage_logs').insert(row).returning('id')
      const [viaJson] = await db.transaction((trx) => insertLogRows(trx, tenant.organizationId, [row]))
      expect(viaJson).toMatchObject({ id: expect.any(Number), cost: row.cost && expect.any(String) })
      const expected = await stored(viaKnex.id)
      expect(await stored(viaJson?.id as number)).toEqual(expected)
      expect(expected.metadata).toEqual(JSON.parse(row.metadata))
    }
  })

  it('answers null for a key claimed before or earlier in the batch, ids in batch order', async () => {
    const [earlier] = await db.transaction((trx) =>
      insertLogRows(trx, tenant.organizationId, [rowOf({ idempotencyKey: 'insert-rows-b' })]),
    )
    const answers = await db.transaction((trx) =>
      insertLogRows(trx, tenant.organizationId, [
        rowOf({ idempotencyKey: 'insert-rows-z' }),
        rowOf({ idempotencyKey: 'insert-rows-b' }),
        rowOf(),
        rowOf({ idempotencyKey: 'insert-rows-a' }),
        rowOf({ idempotencyKey: 'insert-rows-z' }),
      ]),
    )
    expect(earlier).not.toBeNull()
    expect(answers.map((a) => a != null)).toEqual([true, false, true, true, false])
    const ids = answers.flatMap((a) => (a ? [a.id] : []))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    const keys = await db('ai_usage_log_keys')
      .where({ organization_id: tenant.organizationId })
      .whereIn('idempotency_key', ['insert-rows-z', 'insert-rows-a'])
      .orderBy('idempotency_key')
      .select('idempotency_key', 'log_id')
    expect(keys).toEqual([
      { idempotency_key: 'insert-rows-a', log_id: answers[3]?.id },
      { idempotency_key: 'insert-rows-z', log_id: answers[0]?.id },
    ])
  })

  it('writes nothing, not even a key, when one row is refused', async () => {
    const before = await db('ai_usage_logs')
      .where({ organization_id: tenant.organizationId })
      .count({ n: '*' })
    const tooMany = { ...rowOf({ idempotencyKey: 'insert-rows-bad' }), prompt_tokens: 2 ** 31 }
    await expect(
      db.transaction((trx) =>
        insertLogRows(trx, tenant.organizationId, [rowOf({ idempotencyKey: 'insert-rows-ok' }), tooMany]),
      ),
    ).rejects.toMatchObject({ code: '22003' })
    expect(
      await db('ai_usage_logs').where({ organization_id: tenant.organizationId }).count({ n: '*' }),
    ).toEqual(before)
    expect(
      await db('ai_usage_log_keys').whereIn('idempotency_key', ['insert-rows-ok', 'insert-rows-bad']),
    ).toEqual([])
  })
})

describe('insertLogRows and the budget counter lock', () => {
  it("holds the organization's counter lock, shared, until the transaction ends", async () => {
    const sharedLocks = (trx: Db) =>
      trx
        .raw(
          `select count(*)::int as n from pg_locks
           where locktype = 'advisory' and mode = 'ShareLock' and pid = pg_backend_pid()`,
        )
        .then((r: { rows: Array<{ n: number }> }) => r.rows[0]?.n)
    await db.transaction(async (trx) => {
      expect(await sharedLocks(trx)).toBe(0)
      await insertLogRows(trx, tenant.organizationId, [rowOf({ idempotencyKey: 'lock-1' })])
      expect(await sharedLocks(trx)).toBe(1)
      // A budget being created waits for it: its exclusive lock is not granted now.
      const { rows } = await db.raw('select pg_try_advisory_lock(hashtextextended(?, 0)) as got', [
        `tokenledger.budget-counters.${tenant.organizationId}`,
      ])
      expect(rows[0].got).toBe(false)
    })
  })
})
