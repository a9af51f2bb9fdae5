import {
  countUnpricedCalls,
  type Db,
  dashboardWindow,
  getBudgetStates,
  getCostByCategory,
  getCostByProvider,
  getCostSummary,
  getDailyCostSeries,
  getOverridesUsed,
  getTopOrganizations,
  getTopUsers,
  type PeriodComparison,
} from '@tokenledger/db'
import { sumUsd, utcDayBounds, utcMonthDays, utcMonthFirstDay, utcMonthOfDay } from '@tokenledger/domain'
import { callCost, usd } from './format.server'
import { userLabel, userText } from './labels'

export interface StatCard {
  key: 'today' | 'week' | 'month' | 'all'
  label: string
  value: string
  requests: number
  /** Percent change of cost; null without a previous figure or for all time. */
  change: number | null
  /** The previous figure, e.g. "$8.70". */
  previous: string | null
  /** What the previous figure covers, e.g. "same days last week". */
  comparison: string
}

/** Everything the dashboard shows, formatted for display (see packages/db/src/analytics for the SQL). */
export async function loadDashboard(db: Db, now: Date) {
  const scope = { now }
  const { today } = dashboardWindow(now)
  const monthStart = utcMonthFirstDay(today)
  const month = utcMonthDays(utcMonthOfDay(today))
  const [summary, series, providers, categories, organizations, users, tripped, overrides, unpriced] =
    await Promise.all([
      getCostSummary(db, scope),
      getDailyCostSeries(db, { ...scope, days: 30 }),
      getCostByProvider(db, scope),
      getCostByCategory(db, scope),
      getTopOrganizations(db, { ...scope, limit: 10 }),
      getTopUsers(db, { ...scope, limit: 10 }),
      getBudgetStates(db, { ...scope, states: ['warning', 'exceeded'] }),
      getOverridesUsed(db, { ...scope, limit: 5 }),
      countUnpricedCalls(db, { from: utcDayBounds(month.first).start, to: utcDayBounds(month.next).start }),
    ])
  const card = (key: StatCard['key'], label: string, period: PeriodComparison, versus: string): StatCard => ({
    key,
    label,
    value: usd(period.cost),
    requests: period.requests,
    change: period.change,
    previous: usd(period.previous.cost),
    comparison: versus,
  })
  const monthTotal = sumUsd(providers.map((p) => p.cost))
  const topCost = Number(organizations[0]?.cost ?? 0)
  const topUserCost = Number(users[0]?.cost ?? 0)
  return {
    today,
    monthStart,
    /** This month's calls stored without a cost (no custom price, not in the catalog): their cost is missing from every figure here. */
    unpriced,
    cards: [
      card('today', 'Cost today', summary.today, 'yesterday'),
      card('week', 'This week', summary.week, 'same days last week'),
      card('month', 'This month', summary.month, 'same days last month'),
      {
        key: 'all',
        label: 'All time',
        value: usd(summary.allTime.cost),
        requests: summary.allTime.requests,
        change: null,
        previous: null,
        comparison: 'since the first call',
      } satisfies StatCard,
    ],
    series: series.map((p) => ({
      day: p.day,
      value: Number(p.cost),
      label: usd(p.cost),
      requests: p.requests,
    })),
    seriesTotal: usd(sumUsd(series.map((p) => p.cost))),
    monthTotal: usd(monthTotal),
    providers: providers.map((p) => ({
      key: p.provider,
      label: p.provider,
      value: Number(p.cost),
      display: usd(p.cost),
      share: p.share,
    })),
    categories: categories.map((c) => ({
      key: c.category,
      label: c.label,
      value: Number(c.cost),
      display: usd(c.cost),
      share: c.share,
    })),
    organizations: organizations.map((o) => ({
      id: o.organizationId,
      name: o.name,
      slug: o.slug,
      cost: usd(o.cost),
      requests: o.requests,
      bar: topCost > 0 ? Number(o.cost) / topCost : 0,
    })),
    users: users.map((u) => ({
      id: u.userId,
      name: userLabel({ id: u.userId, ...u }),
      // The email under the name, unless the name already is the email.
      email: u.name ? u.email : null,
      externalId: u.externalId,
      organizations: u.organizations,
      cost: usd(u.cost),
      requests: u.requests,
      bar: topUserCost > 0 ? Number(u.cost) / topUserCost : 0,
    })),
    budgets: {
      exceeded: tripped.filter((b) => b.state === 'exceeded').map(budgetRow),
      warning: tripped.filter((b) => b.state === 'warning').map(budgetRow),
    },
    overrides: {
      count: overrides.count,
      recent: overrides.recent.map((o) => ({
        id: o.id,
        organizationName: o.organizationName,
        userName: userLabel({
          id: o.userId,
          name: o.userName,
          email: o.userEmail,
          externalId: o.userExternalId,
        }),
        estimatedCost: o.estimatedCost == null ? null : callCost(o.estimatedCost),
        usedAt: o.usedAt,
      })),
    },
  }
}

/** What a budget is for, as the widget names it: the organization, or a user, project or key in it. */
function budgetFor(b: Awaited<ReturnType<typeof getBudgetStates>>[number]): string {
  if (b.userId != null)
    return `${userText({ id: b.userId, name: b.userName, email: null, externalId: b.userExternalId })} · ${b.organizationName}`
  if (b.projectName != null) return `Project ${b.projectName} · ${b.organizationName}`
  if (b.apiKeyName != null) return `API key ${b.apiKeyName} · ${b.organizationName}`
  return b.organizationName
}

function budgetRow(b: Awaited<ReturnType<typeof getBudgetStates>>[number]) {
  return {
    id: b.id,
    scope: `${budgetFor(b)}${b.period && b.period !== 'monthly' ? ` (${b.period})` : ''}`,
    isOrganization: b.userId == null,
    usage: usd(b.usage),
    limit: b.monthlyLimit == null ? '—' : usd(b.monthlyLimit),
    percent: b.percent,
    threshold: Number(b.warningThreshold),
  }
}
