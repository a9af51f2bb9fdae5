// Test support (not exported from the package): generated usage logs with exact expected totals.
import { CATEGORIES, formatUtcMonth, utcDay, utcMonthOf } from '@tokenledger/domain'
import type { Db } from '../knex'
import { seededRandom } from '../seed/random'
import { createTenant } from '../testing'

/** Days across a year end (Dec 31 -> Jan 1), a month end (Jan 31 -> Feb 1) and a leap day. */
export const EDGE_DAYS = [
  '2025-12-30',
  '2025-12-31',
  '2026-01-01',
  '2026-01-02',
  '2026-01-31',
  '2026-02-01',
  '2024-02-28',
  '2024-02-29',
  '2024-03-01',
]

export const PROVIDERS: Record<string, string[]> = {
  openai: ['gpt-4o', 'gpt-4o-mini', 'o3'],
  anthropic: ['claude-sonnet-4', 'claude-haiku-4'],
  google: ['gemini-2.5-pro'],
  acme: ['unpriced-model'],
}

export interface GeneratedLog {
  organization_id: number
  user_id: number | null
  category: string
  provider: string
  model: string
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  /** 'N.NNNNNN' or null (unpriced) */
  cost: string | null
  duration_ms: number | null
  success: boolean
  error_message: string | null
  created_at: Date
}

export interface Tenancy {
  organizationIds: number[]
  /** Members per organization. */
  users: Map<number, number[]>
}

/** `count` organizations with `usersPerOrg` members each. */
export async function createTenancy(
  db: Db,
  count: number,
  usersPerOrg: number,
  name: string,
): Promise<Tenancy> {
  const organizationIds: number[] = []
  const users = new Map<number, number[]>()
  for (let i = 0; i < count; i++) {
    const tenant = await createTenant(db, `${name} ${i}`)
    const members = [tenant.userId]
    for (let u = 1; u < usersPerOrg; u++) {
      const [user] = await db('users')
        .insert({ email: `${tenant.slug}-${u}@example.test`, name: `${name} ${i} user ${u}` })
        .returning('id')
      await db('organization_user').insert({
        organization_id: tenant.organizationId,
        user_id: user.id,
        role: 'ic',
      })
      members.push(user.id)
    }
    organizationIds.push(tenant.organizationId)
    users.set(tenant.organizationId, members)
  }
  return { organizationIds, users }
}

const DAY_MS = 86_400_000

/**
 * `perDay` logs on each given UTC day for the tenancy, deterministic for a seed. Every day gets a
 * log at 00:00:00.000 and one at 23:59:59.999; a fifth have no user, a sixth are unpriced, a tenth fail.
 */
export function generateLogs(tenancy: Tenancy, days: string[], perDay: number, seed: number): GeneratedLog[] {
  const random = seededRandom(seed)
  const providers = Object.keys(PROVIDERS)
  const logs: GeneratedLog[] = []
  for (const day of days) {
    const start = Date.parse(`${day}T00:00:00.000Z`)
    for (let i = 0; i < perDay; i++) {
      const organizationId = random.pick(tenancy.organizationIds)
      const provider = random.pick(providers)
      const success = !random.chance(0.1)
      const prompt = random.int(0, 20_000)
      const completion = success ? random.int(0, 4_000) : 0
      const micro = random.chance(0.02) ? random.int(100_000_000, 900_000_000) : random.int(0, 5_000_000)
      // Costs are exact to twelve decimals: most carry digits past the sixth (a 7-token call costs $0.00000165).
      const pico = BigInt(micro) * 1_000_000n + BigInt(random.int(0, 999_999))
      const offset = i === 0 ? 0 : i === 1 ? DAY_MS - 1 : random.int(0, DAY_MS - 1)
      logs.push({
        organization_id: organizationId,
        user_id: random.chance(0.2) ? null : random.pick(tenancy.users.get(organizationId) ?? []),
        category: random.pick(CATEGORIES),
        provider,
        model: random.pick(PROVIDERS[provider] ?? []),
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        cost: provider === 'acme' || random.chance(0.15) ? null : picoToUsd(pico),
        duration_ms: random.chance(0.05) ? null : random.int(50, 60_000),
        success,
        error_message: success ? null : 'rate limited',
        created_at: new Date(start + offset),
      })
    }
  }
  return logs
}

export async function insertLogs(db: Db, logs: GeneratedLog[]): Promise<void> {
  for (let i = 0; i < logs.length; i += 1000) await db('ai_usage_logs').insert(logs.slice(i, i + 1000))
}

const PICO = 1_000_000_000_000n

/** A decimal string with at most twelve decimals, as an integer count of 10^-12 dollars. */
export function usdToPico(usd: string): bigint {
  const [whole = '0', fraction = ''] = usd.split('.')
  return BigInt(whole) * PICO + BigInt(fraction.padEnd(12, '0').slice(0, 12))
}

/** 'N.NNNNNNNNNNNN': how PostgreSQL renders a numeric(_, 12). */
export function picoToUsd(pico: bigint): string {
  return `${pico / PICO}.${String(pico % PICO).padStart(12, '0')}`
}

export interface Totals {
  requests: number
  successes: number
  failures: number
  promptTokens: number
  completionTokens: number
  tokens: number
  /** 'N.NNNNNNNNNNNN' */
  cost: string
  durationMs: number
}

/** Expected totals per key, computed in JS (exact: costs in integer pico-dollars). */
export function totalsBy(logs: GeneratedLog[], key: (log: GeneratedLog) => string): Map<string, Totals> {
  const pico = new Map<string, bigint>()
  const totals = new Map<string, Totals>()
  for (const log of logs) {
    const k = key(log)
    const t = totals.get(k) ?? {
      requests: 0,
      successes: 0,
      failures: 0,
      promptTokens: 0,
      completionTokens: 0,
      tokens: 0,
      cost: '0.000000000000',
      durationMs: 0,
    }
    t.requests++
    if (log.success) t.successes++
    else t.failures++
    t.promptTokens += log.prompt_tokens
    t.completionTokens += log.completion_tokens
    t.tokens += log.total_tokens
    t.durationMs += log.duration_ms ?? 0
    pico.set(k, (pico.get(k) ?? 0n) + (log.cost ? usdToPico(log.cost) : 0n))
    totals.set(k, t)
  }
  for (const [k, t] of totals) t.cost = picoToUsd(pico.get(k) ?? 0n)
  return totals
}

export const utcDayOf = (log: GeneratedLog) => utcDay(log.created_at)
export const utcMonthKeyOf = (log: GeneratedLog) => formatUtcMonth(utcMonthOf(log.created_at))
