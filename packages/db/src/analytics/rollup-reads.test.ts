// The dashboard figures against the logs themselves, with the rollups left the way the jobs leave
// them: every day rolled up, today included (refresh-today), and then more calls today.
import { addUtcDays, utcDaysBetween } from '@tokenledger/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../knex'
import { rollUpDays } from '../rollups/roll-up-days'
import {
  createTenancy,
  type GeneratedLog,
  generateLogs,
  insertLogs,
  type Tenancy,
  totalsBy,
  utcDayOf,
} from '../rollups/test-logs'
import { getCostByCategory } from './cost-by-category'
import { getCostByProvider } from './cost-by-provider'
import { getCostSummary } from './cost-summary'
import { getDailyCostSeries } from './daily-cost-series'
import { getTopOrganizations } from './top-organizations'
import { getTopUsers } from './top-users'

// Friday 1 January 2027, 15:00 UTC: this month is one day old and last year ends yesterday.
const NOW = new Date('2027-01-01T15:00:00.000Z')
const TODAY = '2027-01-01'
const DAYS = utcDaysBetween('2026-11-20', TODAY)

let db: Db
let tenancy: Tenancy
let logs: GeneratedLog[]

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  tenancy = await createTenancy(db, 2, 3, 'Reads')
  logs = generateLogs(tenancy, DAYS, 30, 11)
  await insertLogs(db, logs)
  await rollUpDays(db, DAYS)
  // Calls after the last refresh: only the live read sees them.
  const late = generateLogs(tenancy, [TODAY], 12, 12)
  await insertLogs(db, late)
  logs.push(...late)
})
afterAll(async () => {
  await db('organizations').whereIn('id', tenancy.organizationIds).delete()
  await db.destroy()
})

const inMonth = (month: string) => (log: GeneratedLog) => utcDayOf(log).startsWith(month)
const figures = (t: { cost: string; requests: number } | undefined) => ({
  cost: t?.cost ?? '0.000000',
  requests: t?.requests ?? 0,
})

describe('dashboard reads over the dashboard rollups', () => {
  it.each([
    ['December (a closed month, today is the 1st)', new Date('2026-12-31T22:00:00.000Z'), '2026-12'],
    ['January (only today, partly rolled up)', NOW, '2027-01'],
  ])('splits %s by provider, category, organization and user as the logs do', async (_, now, month) => {
    for (const org of tenancy.organizationIds) {
      const mine = logs.filter((l) => l.organization_id === org && inMonth(month)(l))
      const scope = { now, organizationId: org }
      const byProvider = totalsBy(mine, (l) => l.provider)
      expect(
        Object.fromEntries((await getCostByProvider(db, scope)).map((r) => [r.provider, figures(r)])),
      ).toEqual(Object.fromEntries([...byProvider].map(([k, t]) => [k, figures(t)])))
      const byCategory = totalsBy(mine, (l) => l.category)
      expect(
        Object.fromEntries((await getCostByCategory(db, scope)).map((r) => [r.category, figures(r)])),
      ).toEqual(Object.fromEntries([...byCategory].map(([k, t]) => [k, figures(t)])))
      const byUser = totalsBy(
        mine.filter((l) => l.user_id != null),
        (l) => String(l.user_id),
      )
      expect(
        Object.fromEntries(
          (await getTopUsers(db, { ...scope, limit: 50 })).map((r) => [r.userId, figures(r)]),
        ),
      ).toEqual(Object.fromEntries([...byUser].map(([k, t]) => [k, figures(t)])))
      const [top] = await getTopOrganizations(db, scope)
      expect(figures(top)).toEqual(figures(totalsBy(mine, () => 'all').get('all')))
    }
  })

  it('gives the summary cards and the daily series as the logs do, across the year end', async () => {
    for (const org of tenancy.organizationIds) {
      const mine = logs.filter((l) => l.organization_id === org)
      const byDay = totalsBy(mine, utcDayOf)
      const series = await getDailyCostSeries(db, { now: NOW, organizationId: org })
      expect(series.map((p) => ({ day: p.day, ...figures(p) }))).toEqual(
        utcDaysBetween(addUtcDays(TODAY, -29), TODAY).map((day) => ({ day, ...figures(byDay.get(day)) })),
      )
      const summary = await getCostSummary(db, { now: NOW, organizationId: org })
      expect(figures(summary.today)).toEqual(figures(byDay.get(TODAY)))
      expect(figures(summary.month)).toEqual(figures(byDay.get(TODAY)))
      expect(figures(summary.month.previous)).toEqual(figures(byDay.get('2026-12-01')))
      expect(figures(summary.allTime)).toEqual(figures(totalsBy(mine, () => 'all').get('all')))
    }
  })
})
