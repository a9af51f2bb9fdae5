// Bulk generation of a year of usage logs for bench/dashboard.ts: a few INSERT … SELECT …
// generate_series statements, with the log table's secondary indexes built after the load when the
// database is a throwaway one.

import { type Db, ensureUsageLogPartitions, monthsBetween } from '@tokenledger/db'
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

/**
 * The purposes the generated logs carry, one of these per log (by its duration, so no extra random
 * draw changes the shapes): a search for a word of one of them matches about 1 log in 20.
 */
export const PURPOSES = [
  'Weekly digest of project activity',
  'Estimate summary for the bid review',
  'Triage of inbound support email',
  'Extract line items from a supplier quote',
  'Classify document type on upload',
  'Draft questions for the site visit',
  'Flag missing clauses in a contract',
  'Summarize meeting notes',
  'Brief analysis for the kickoff',
  'Project extraction from an RFP',
  'Translate a change order',
  'Answer a chat question about invoices',
  'Generate a risk register entry',
  'Rewrite a scope of work paragraph',
  'Compare two revisions of a drawing list',
  'Tag photos from the daily log',
  'Suggest cost codes for receipts',
  'Check a submittal against the spec',
  'Outline a monthly owner report',
  'Detect duplicate RFIs',
]

export interface Tenants {
  orgIds: number[]
  /** userIds[i] belongs to orgIds[Math.floor(i / usersPerOrg)]. */
  userIds: number[]
  usersPerOrg: number
}

export async function createTenants(
  db: Db,
  orgs: number,
  users: number,
  prefix: string,
  now: Date,
): Promise<Tenants> {
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
  // A monthly budget for every organization and every user, their counters this month spread out
  // so that about one user budget in twenty is past its warning threshold (the dashboard's list).
  const thisMonth = `${now.toISOString().slice(0, 7)}-01`
  const budgets = [
    ...orgIds.map((organization_id) => ({
      organization_id,
      user_id: null,
      monthly_limit: 5000,
      current_month_usage: 1000,
      current_period_start: thisMonth,
    })),
    ...userIds.map((user_id, i) => ({
      organization_id: orgIds[Math.floor(i / usersPerOrg)],
      user_id,
      monthly_limit: 100,
      current_month_usage: i % 20 === 0 ? 95 : i % 70,
      current_period_start: thisMonth,
    })),
  ]
  for (let i = 0; i < budgets.length; i += 1000) await db('ai_budgets').insert(budgets.slice(i, i + 1000))
  return { orgIds, userIds, usersPerOrg }
}

/**
 * How the generated logs spread over their keys:
 * - `uniform`: organization, user, category, model and instant drawn uniformly and independently:
 *   the worst case for rollups (about one `ai_usage_daily` row per log at 10 M logs a year).
 * - `skewed`: closer to real traffic: a few large organizations and a long tail (organization and
 *   user indexes drawn as floor(n · u^k), so the first 10 % of organizations make about half the
 *   calls), each user sticking to a few models and categories of their own (a Zipf-like draw
 *   shifted by the user), and weekends at a quarter of a weekday's traffic.
 */
export const SHAPES = ['uniform', 'skewed'] as const
export type Shape = (typeof SHAPES)[number]

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

/**
 * The per-row random draws for each shape: a subquery of (oi, ui, ci, mi, pt, ct, dur, r, at).
 * `offset 0` keeps each subquery from being flattened into the next, so every random() is drawn
 * once per row however often its column is used.
 */
function draws(shape: Shape, t: Tenants, from: Date, to: Date): { sql: string; oversample: number } {
  const orgs = t.orgIds.length
  const models = MODELS.length
  const categories = CATEGORIES.length
  const common = `floor(random() * 4000)::int as pt, floor(random() * 800)::int as ct,
                  floor(random() * 5000)::int + 50 as dur, random() as r`
  if (shape === 'uniform')
    return {
      oversample: 1,
      sql: `select floor(random() * ${orgs})::int as oi, floor(random() * ${t.usersPerOrg})::int as ui,
                   floor(random() * ${categories})::int as ci, floor(random() * ${models})::int as mi, ${common},
                   '${from.toISOString()}'::timestamptz
                     + floor(random() * ${to.getTime() - from.getTime()})::bigint * interval '1 millisecond' as at
            from generate_series(1, ?) g offset 0`,
    }
  // Weeks from the Monday on or before `from`; a weekday is drawn with weight 1 (Mon-Fri) or 0.25
  // (Sat, Sun); instants outside [from, to) are dropped, so draw a few more than needed.
  const monday = new Date(from.getTime() - ((from.getUTCDay() + 6) % 7) * DAY_MS)
  const weeks = Math.ceil((to.getTime() - monday.getTime()) / WEEK_MS)
  return {
    oversample: ((weeks * WEEK_MS) / (to.getTime() - from.getTime())) * 1.05,
    sql: `select oi, ui, (floor(${categories} * random() ^ 2.5)::int + ui * 7 + oi) % ${categories} as ci,
                 (floor(${models} * random() ^ 3)::int + ui * 3 + oi) % ${models} as mi, ${common},
                 '${monday.toISOString()}'::timestamptz
                   + (floor(random() * ${weeks})::int * 7 + case when w < 5 then floor(w)::int else 5 + floor((w - 5) * 4)::int end) * interval '1 day'
                   + floor(random() * ${DAY_MS})::bigint * interval '1 millisecond' as at
          from (select floor(${orgs} * random() ^ 3)::int as oi, floor(${t.usersPerOrg} * random() ^ 2.5)::int as ui,
                       random() * 5.5 as w
                from generate_series(1, ?) g offset 0) s offset 0`,
  }
}

/**
 * `rows` logs over [from, to) in the given shape, in statements of at most 2 M rows, each inserted
 * in `created_at` order: real logs arrive in time order, so a day's logs sit together on disk, and
 * reading today live touches a few hundred pages, not one page per log as randomly ordered inserts
 * would make it (each statement spans the whole period, so the table holds a few such runs). Returns the
 * milliseconds spent loading and (when `rebuildIndexes`) in dropping and recreating the secondary
 * indexes of ai_usage_logs around the load.
 */
export async function loadLogs(
  db: Db,
  t: Tenants,
  rows: number,
  from: Date,
  to: Date,
  rebuildIndexes: boolean,
  log: (line: string) => void,
  shape: Shape = 'uniform',
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
  // The logs are partitioned by month (0013): give every generated month its partition first, as
  // the worker does for real months, so no row lands in DEFAULT.
  await ensureUsageLogPartitions(db, { now: to, monthsAhead: 0, months: monthsBetween(from, to) })
  const insertStarted = performance.now()
  const chunk = 2_000_000
  const { sql, oversample } = draws(shape, t, from, to)
  await db.raw('select setseed(0.42)')
  for (let done = 0; done < rows; done += chunk) {
    const n = Math.min(chunk, rows - done)
    const { rowCount } = await db.raw(
      `insert into ai_usage_logs (organization_id, user_id, category, provider, model, prompt_tokens,
         completion_tokens, total_tokens, cost, cost_source, duration_ms, success, purpose_detail, created_at)
       select p.orgs[1 + x.oi],
              case when x.r < 0.1 then null else p.users[1 + x.oi * ${t.usersPerOrg} + x.ui] end,
              p.cats[1 + x.ci], p.providers[1 + x.mi], p.models[1 + x.mi],
              x.pt, x.ct, x.pt + x.ct,
              case when x.mi = ${MODELS.length - 1} then null else round(x.pt * 0.0000025 + x.ct * 0.00001, 6) end,
              case when x.mi = ${MODELS.length - 1} then null else 'catalog' end,
              x.dur, x.r > 0.03, p.purposes[1 + x.dur % ${PURPOSES.length}], x.at
       from (select ?::bigint[] as orgs, ?::bigint[] as users, ?::text[] as cats,
                    ?::text[] as providers, ?::text[] as models, ?::text[] as purposes) p,
            (select * from (${sql}) drawn
             where drawn.at >= ?::timestamptz and drawn.at < ?::timestamptz limit ?) x
       order by x.at`,
      [
        t.orgIds,
        t.userIds,
        [...CATEGORIES],
        MODELS.map(([p]) => p),
        MODELS.map(([, m]) => m),
        PURPOSES,
        Math.ceil(n * oversample),
        from.toISOString(),
        to.toISOString(),
        n,
      ],
    )
    if (rowCount !== n) throw new Error(`generated ${rowCount} logs instead of ${n}: raise the oversampling`)
    log(`  inserted ${(done + n).toLocaleString('en-US')} / ${rows.toLocaleString('en-US')}`)
  }
  const insertMs = performance.now() - insertStarted
  const indexStarted = performance.now()
  // A partitioned table's index reads `ON ONLY`; recreated without it, it covers every partition.
  for (const i of indexes) await db.raw(i.indexdef.replace(' ON ONLY ', ' ON '))
  await db.raw('vacuum analyze ai_usage_logs')
  return { insertMs, indexMs: performance.now() - indexStarted }
}

/**
 * Throws unless ai_usage_logs has the purpose trigram index (migration 0017) and every index of it
 * covers every partition: a partitioned index missing a partition is left invalid, and the
 * benchmark's no-match purpose search would then time a scan of every log instead of the index
 * (an earlier purpose-search run did, unnoticed).
 */
export async function assertLogIndexesCoverPartitions(db: Db): Promise<void> {
  const { rows } = await db.raw(
    `select c.relname as name, i.indisvalid as valid, pg_get_indexdef(i.indexrelid) as def
     from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = 'ai_usage_logs'::regclass`,
  )
  const indexes = rows as Array<{ name: string; valid: boolean; def: string }>
  const invalid = indexes.filter((i) => !i.valid).map((i) => i.name)
  if (invalid.length)
    throw new Error(`ai_usage_logs indexes not built on every partition: ${invalid.join(', ')}`)
  if (!indexes.some((i) => /gin \(purpose_detail \S*gin_trgm_ops\)/.test(i.def)))
    throw new Error('ai_usage_logs has no trigram index on purpose_detail: is migration 0017 applied?')
}
