// Bulk generation of a year of usage logs for bench/dashboard.ts: a few INSERT … SELECT …
// generate_series statements, with the log table's secondary indexes built after the load when the
// database is a throwaway one.

import type { Db } from '@tokenledger/db'
import { CATEGORIES } from '@tokenledger/domain'

export const MODELS: Array<[provider: string, model: string]> = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4o-mini'],
  ['openai', 'o3'],
  ['openai', 'gpt-4.1'],
  ['anthropic', 'claude-sonnet-4'],
  ['anthropic', 'claude-haiku-4'],
  ['anthropic', 'claude-opus-4'],
  ['google', 'gemini-2.5-pro'],
  ['google', 'gemini-2.5-flash'],
  ['acme', 'unpriced-model'],
]

export interface Tenants {
  orgIds: number[]
  /** userIds[i] belongs to orgIds[Math.floor(i / usersPerOrg)]. */
  userIds: number[]
  usersPerOrg: number
}

export async function createTenants(db: Db, orgs: number, users: number, prefix: string): Promise<Tenants> {
  const usersPerOrg = Math.ceil(users / orgs)
  const orgRows = await db('organizations')
    .insert(Array.from({ length: orgs }, (_, i) => ({ name: `Bench org ${i}`, slug: `${prefix}-${i}` })))
    .returning('id')
  const orgIds = orgRows.map((o: { id: number }) => Number(o.id))
  const userIds: number[] = []
  for (let i = 0; i < orgs * usersPerOrg; i += 1000) {
    const created = await db('users')
      .insert(
        Array.from({ length: Math.min(1000, orgs * usersPerOrg - i) }, (_, j) => ({
          email: `${prefix}-${i + j}@example.test`,
          name: `Bench user ${i + j}`,
        })),
      )
      .returning('id')
    userIds.push(...created.map((u: { id: number }) => Number(u.id)))
  }
  // A monthly budget for every organization and every user.
  const budgets = [
    ...orgIds.map((organization_id) => ({ organization_id, user_id: null, monthly_limit: 5000 })),
    ...userIds.map((user_id, i) => ({
      organization_id: orgIds[Math.floor(i / usersPerOrg)],
      user_id,
      monthly_limit: 100,
    })),
  ]
  for (let i = 0; i < budgets.length; i += 1000) await db('ai_budgets').insert(budgets.slice(i, i + 1000))
  return { orgIds, userIds, usersPerOrg }
}

/**
 * `rows` logs with created_at uniform over [from, to), in statements of at most 2 M rows. Returns
 * the milliseconds spent loading and (when `rebuildIndexes`) in dropping and recreating the
 * secondary indexes of ai_usage_logs around the load.
 */
export async function loadLogs(
  db: Db,
  t: Tenants,
  rows: number,
  from: Date,
  to: Date,
  rebuildIndexes: boolean,
  log: (line: string) => void,
): Promise<{ insertMs: number; indexMs: number }> {
  const indexes: Array<{ indexname: string; indexdef: string }> = rebuildIndexes
    ? (
        await db.raw(
          `select i.indexname, i.indexdef from pg_indexes i
           where i.tablename = 'ai_usage_logs' and i.indexname not in (
             select conname from pg_constraint where conrelid = 'ai_usage_logs'::regclass)`,
        )
      ).rows
    : []
  for (const i of indexes) await db.raw(`drop index ${i.indexname}`)
  const insertStarted = performance.now()
  const spanMs = to.getTime() - from.getTime()
  const chunk = 2_000_000
  await db.raw('select setseed(0.42)')
  for (let done = 0; done < rows; done += chunk) {
    const n = Math.min(chunk, rows - done)
    await db.raw(
      `insert into ai_usage_logs (organization_id, user_id, category, provider, model, prompt_tokens,
         completion_tokens, total_tokens, cost, cost_source, duration_ms, success, created_at)
       select p.orgs[1 + x.oi],
              case when x.r < 0.1 then null else p.users[1 + x.oi * ${t.usersPerOrg} + x.ui] end,
              p.cats[1 + x.ci], p.providers[1 + x.mi], p.models[1 + x.mi],
              x.pt, x.ct, x.pt + x.ct,
              case when x.mi = ${MODELS.length - 1} then null else round(x.pt * 0.0000025 + x.ct * 0.00001, 6) end,
              case when x.mi = ${MODELS.length - 1} then null else 'catalog' end,
              x.dur, x.r > 0.03, ?::timestamptz + x.ms * interval '1 millisecond'
       from (select ?::bigint[] as orgs, ?::bigint[] as users, ?::text[] as cats,
                    ?::text[] as providers, ?::text[] as models) p,
            (select floor(random() * ${t.orgIds.length})::int as oi, floor(random() * ${t.usersPerOrg})::int as ui,
                    floor(random() * ${CATEGORIES.length})::int as ci, floor(random() * ${MODELS.length})::int as mi,
                    floor(random() * 4000)::int as pt, floor(random() * 800)::int as ct,
                    floor(random() * 5000)::int + 50 as dur, random() as r,
                    floor(random() * ${spanMs})::bigint as ms
             from generate_series(1, ?) g) x`,
      [
        from.toISOString(),
        t.orgIds,
        t.userIds,
        [...CATEGORIES],
        MODELS.map(([p]) => p),
        MODELS.map(([, m]) => m),
        n,
      ],
    )
    log(`  inserted ${(done + n).toLocaleString('en-US')} / ${rows.toLocaleString('en-US')}`)
  }
  const insertMs = performance.now() - insertStarted
  const indexStarted = performance.now()
  for (const i of indexes) await db.raw(i.indexdef)
  await db.raw('vacuum analyze ai_usage_logs')
  return { insertMs, indexMs: performance.now() - indexStarted }
}
