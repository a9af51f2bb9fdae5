import {
  generateApiKey,
  generatePassword,
  hashPassword,
  isSameUtcMonth,
  sumUsd,
  toDecimal,
  type UsageEvent,
} from '@tokenledger/domain'
import { upsertUsers } from '../directory'
import type { Db } from '../knex'
import { buildLogRow } from '../usage/build-log-row'
import {
  DEMO_APP_USERS,
  DEMO_MODELS,
  DEMO_ORGANIZATIONS,
  DEMO_PROMPTS,
  DEMO_PURPOSES,
  DEMO_RESPONSES,
  DEMO_UNPRICED_MODEL,
} from './demo-catalog'
import { type Random, seededRandom } from './random'

export const ADMIN_EMAIL = 'admin@example.com'

export interface SeedOptions {
  /** The super admin's password; generated when absent. */
  adminPassword?: string | undefined
  days?: number
  now?: Date
  log?: (line: string) => void
}

export interface SeedResult {
  adminEmail: string
  /** Set when the password was generated: shown once, never stored in clear. */
  generatedPassword: string | null
  apiKeys: Array<{ organization: string; key: string }>
  logCount: number
}

export async function isSeeded(db: Db): Promise<boolean> {
  // Accounts only: an app's user may carry the same email in some organization.
  return Boolean(
    await db('users').whereRaw('lower(email) = ?', [ADMIN_EMAIL]).whereNull('organization_id').first('id'),
  )
}

/**
 * Creates the demo: a super admin, three organizations with members, a few of their app's own
 * users (known by external id), projects, documents, an API key and budgets each, and `days` days of realistic usage logs costed with the real price catalog.
 * Deterministic apart from credentials. Runs in one transaction: all of it or nothing.
 */
export async function seedDemoData(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const log = options.log ?? (() => {})
  const now = options.now ?? new Date()
  const days = options.days ?? 90
  const random = seededRandom(20260101)
  const generatedPassword = options.adminPassword ? null : generatePassword()
  const apiKeys: SeedResult['apiKeys'] = []
  let logCount = 0

  await db.transaction(async (trx) => {
    await trx('users').insert({
      email: ADMIN_EMAIL,
      name: 'Super Admin',
      password_hash: await hashPassword(options.adminPassword ?? (generatedPassword as string)),
      is_super_admin: true,
    })

    for (const demo of DEMO_ORGANIZATIONS) {
      const [org] = await trx('organizations').insert({ name: demo.name, slug: demo.slug }).returning('id')
      const orgId = org.id as number
      const users: number[] = []
      for (const [name, role] of demo.users) {
        const email = `${name.split(' ')[0]?.toLowerCase()}@${demo.slug}.example`
        const [user] = await trx('users').insert({ email, name }).returning('id')
        await trx('organization_user').insert({ organization_id: orgId, user_id: user.id, role })
        users.push(user.id)
      }
      // The app's own users, created by external id as the SDK's first call would; they make calls
      // like the members (the members' budgets stay on users[0], an account).
      for (const result of await upsertUsers(trx, orgId, DEMO_APP_USERS[demo.slug] ?? [])) {
        if (result.status === 'rejected')
          throw new Error(`demo app user ${result.externalId}: ${result.reason}`)
        users.push(result.id)
      }
      const projects: Array<{ id: number; name: string; documents: Array<{ id: number; name: string }> }> = []
      for (const [projectName, documentNames] of Object.entries(demo.projects)) {
        const [project] = await trx('projects')
          .insert({ organization_id: orgId, name: projectName })
          .returning('id')
        const documents = await trx('documents')
          .insert((documentNames as readonly string[]).map((name) => ({ project_id: project.id, name })))
          .returning(['id', 'name'])
        projects.push({ id: project.id, name: projectName, documents })
      }
      const apiKey = generateApiKey()
      await trx('api_keys').insert({
        organization_id: orgId,
        name: 'Demo key',
        prefix: apiKey.prefix,
        key_hash: apiKey.hash,
      })
      apiKeys.push({ organization: demo.slug, key: apiKey.key })

      const rows = []
      for (let day = days - 1; day >= 0; day--) {
        const calls = Math.round(demo.callsPerDay * dayFactor(now, day) * (0.7 + random.next() * 0.6))
        for (let i = 0; i < calls; i++) {
          const createdAt = callTime(now, day, random)
          const event = demoEvent(random, users, projects)
          rows.push(
            buildLogRow({
              event,
              attribution: {
                organizationId: orgId,
                apiKeyId: null,
                userId: event.userId ?? null,
                projectId: event.projectId ?? null,
                documentId: event.documentId ?? null,
              },
              customPrices: [],
              now: createdAt,
            }),
          )
        }
      }
      if (demo === DEMO_ORGANIZATIONS[0]) rows.push(...unpricedCalls(orgId, users, now, days))
      for (let i = 0; i < rows.length; i += 1000) await trx('ai_usage_logs').insert(rows.slice(i, i + 1000))
      logCount += rows.length
      log(`seeded ${demo.name}: ${users.length} users, ${projects.length} projects, ${rows.length} logs`)

      // An organization budget sized from this month's spend so far, and one for its first member:
      // the demo shows one organization over its budget, one near it and one well inside it on any
      // day of the month (a limit sized from a whole month's spend would read "ok" for everyone
      // in its first days). Before any call this month, one day's average spend is the base.
      const monthToDate = sumUsd(rows.filter((r) => isSameUtcMonth(r.created_at, now)).map((r) => r.cost))
      const lastMonth = sumUsd(
        rows.filter((r) => now.getTime() - r.created_at.getTime() < 30 * 86_400_000).map((r) => r.cost),
      )
      const base = toDecimal(monthToDate).isZero() ? toDecimal(lastMonth).div(30) : toDecimal(monthToDate)
      const limit = base.times(demo.budgetFactor)
      await trx('ai_budgets').insert([
        { organization_id: orgId, user_id: null, monthly_limit: limit.toFixed(2) },
        { organization_id: orgId, user_id: users[0], monthly_limit: limit.div(3).toFixed(2) },
      ])
    }
    await trx.raw(`
      update ai_budgets b set current_month_usage = coalesce((
        select sum(l.cost) from ai_usage_logs l
        where l.organization_id = b.organization_id
          and (b.user_id is null or l.user_id = b.user_id)
          and l.created_at >= b.current_period_start
      ), 0)`)
  })
  return { adminEmail: ADMIN_EMAIL, generatedPassword, apiKeys, logCount }
}

/** Fewer calls at weekends and a gentle growth over the period, so the charts look like a real product. */
function dayFactor(now: Date, daysAgo: number): number {
  const weekday = new Date(now.getTime() - daysAgo * 86_400_000).getUTCDay()
  const weekend = weekday === 0 || weekday === 6 ? 0.35 : 1
  return weekend * (1 - daysAgo / 300)
}

/** A time on the given day during working hours (UTC), never in the future. */
function callTime(now: Date, daysAgo: number, random: Random): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo))
  const at = new Date(day.getTime() + random.int(6 * 3600, 20 * 3600) * 1000 + random.int(0, 999))
  return at.getTime() > now.getTime() ? new Date(now.getTime() - random.int(1, 3600) * 1000) : at
}

function demoEvent(
  random: Random,
  users: number[],
  projects: Array<{ id: number; name: string; documents: Array<{ id: number; name: string }> }>,
): UsageEvent {
  const model = random.weighted(DEMO_MODELS.map((m) => [m, m.weight] as const))
  const [category, , purposes] = random.weighted(DEMO_PURPOSES.map((p) => [p, p[1]] as const))
  const project = random.pick(projects)
  const document = random.chance(0.8) ? random.pick(project.documents) : undefined
  const promptTokens = random.int(model.prompt[0], model.prompt[1])
  const success = !random.chance(0.03)
  const completionTokens = success ? random.int(model.completion[0], model.completion[1]) : 0
  const cachedTokens = random.chance(0.3) ? Math.floor(promptTokens * random.next() * 0.6) : 0
  const reasoningTokens = model.model.startsWith('o') ? Math.floor(completionTokens * 0.6) : 0
  const fill = (template: string) =>
    template
      .replaceAll('{doc}', document?.name ?? 'notes.txt')
      .replaceAll('{project}', project.name)
      .replaceAll('{email}', `site.manager${random.int(1, 9)}@contractor-mail.com`)
      .replaceAll('{phone}', `(415) 555-0${random.int(100, 199)}`)
  return {
    provider: model.provider,
    model: model.model,
    promptTokens,
    completionTokens,
    cachedTokens,
    cacheWriteTokens: 0,
    reasoningTokens,
    durationMs: random.int(300, 2500) + Math.floor((completionTokens * random.int(8, 25)) / 10),
    success,
    errorMessage: success
      ? undefined
      : random.pick(['Rate limit exceeded (429)', 'Upstream timeout after 60s', 'Overloaded (529)']),
    category,
    purposeDetail: random.pick(purposes),
    userId: random.pick(users),
    projectId: project.id,
    documentId: document?.id,
    prompt: fill(random.pick(DEMO_PROMPTS)),
    response: success ? fill(random.pick(DEMO_RESPONSES)) : undefined,
    metadata: { source: 'demo-seed' },
  }
}

/** DEMO_UNPRICED_MODEL's calls, hours apart before `now`; no random draw, so the rest of the demo is unchanged. */
function unpricedCalls(organizationId: number, users: readonly number[], now: Date, days: number) {
  const { provider, model, callsPerDay, promptTokens, completionTokens } = DEMO_UNPRICED_MODEL
  const calls = []
  for (let day = 0; day < Math.min(days, DEMO_UNPRICED_MODEL.days); day++) {
    for (let i = 0; i < callsPerDay; i++) {
      const userId = users[(day + i) % users.length] ?? null
      const event: UsageEvent = {
        provider,
        model,
        promptTokens,
        completionTokens,
        cachedTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
        success: true,
        category: 'classification',
        purposeDetail: 'Classify incoming document type',
        ...(userId == null ? {} : { userId }),
      }
      const at = new Date(now.getTime() - day * 86_400_000 - (i + 1) * 3 * 3_600_000)
      calls.push(
        buildLogRow({
          event,
          attribution: { organizationId, apiKeyId: null, userId, projectId: null, documentId: null },
          customPrices: [],
          now: at,
        }),
      )
    }
  }
  return calls
}
