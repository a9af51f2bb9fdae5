import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CostLineChart } from '../components/cost-line-chart'
import { BudgetWidget } from '../components/dashboard/budget-widget'
import { BudgetsAtRisk } from '../components/dashboard/budgets-at-risk'
import { RankTable } from '../components/dashboard/rank-table'
import { StatCard } from '../components/dashboard/stat-card'
import { DonutChart } from '../components/donut-chart'
import { Empty, Panel } from '../components/panel'
import { PageHeader, Pending } from '../components/shell'
import { requireSuperAdmin } from '../lib/auth.server'
import { loadBudgetsAtRisk } from '../lib/budgets-at-risk.server'
import { loadDashboard } from '../lib/dashboard.server'
import { loadSpendForecast } from '../lib/forecasts.server'
import { formatDay } from '../lib/format'
import { externalIdBeside } from '../lib/labels'

export const meta: MetaFunction = () => [{ title: 'Dashboard · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const now = context.now()
  const [dashboard, forecast, atRisk] = await Promise.all([
    loadDashboard(context.db, now),
    loadSpendForecast(context.db, now),
    loadBudgetsAtRisk(context.db, now),
  ])
  return { ...dashboard, forecast, atRisk }
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const monthName = formatDay(data.monthStart).replace(/ 1,/, '')
  return (
    <Pending>
      <PageHeader
        title="Dashboard"
        description={`AI spend across every organization. Today (${formatDay(data.today)}, UTC) is live; earlier days come from the rollups.`}
      />
      {data.unpriced.calls > 0 && (
        <p
          role="status"
          className="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200"
          data-testid="unpriced-warning"
        >
          {data.unpriced.calls.toLocaleString('en-US')} {data.unpriced.calls === 1 ? 'call' : 'calls'} this
          month
          {data.unpriced.models === 1 ? ' of 1 model' : ` of ${data.unpriced.models} models`} had no price:
          their cost is missing from these figures.{' '}
          <Link to="/prices/unpriced" className="link font-medium">
            Price them
          </Link>
        </p>
      )}
      <section aria-label="Spend" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
        {data.cards.map((card) => (
          <StatCard key={card.key} card={card} />
        ))}
      </section>
      <p className="card mt-3 px-4 py-3 text-sm text-gray-600" data-testid="month-forecast">
        Projected for {monthName}:{' '}
        <span className="font-semibold tabular-nums text-gray-900">{data.forecast.projected}</span> at the{' '}
        {data.forecast.method} of the month so far.{' '}
        <Link to="/budgets" className="link">
          Budget forecasts
        </Link>
      </p>

      <div className="mt-6 grid grid-cols-1 items-start gap-6 xl:grid-cols-3">
        <Panel
          className="xl:col-span-2"
          title="Cost per day"
          subtitle={`Last 30 days, today included · ${data.seriesTotal}`}
          testId="daily-chart"
        >
          <CostLineChart points={data.series} title="Cost per day, last 30 days" />
        </Panel>
        <BudgetWidget budgets={data.budgets} overrides={data.overrides} />
      </div>

      <div className="mt-6">
        <BudgetsAtRisk atRisk={data.atRisk} />
      </div>

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Panel
          title="Cost by provider"
          subtitle={`${monthName} · ${data.monthTotal}`}
          testId="provider-panel"
        >
          {data.providers.length ? (
            <DonutChart slices={data.providers} total={data.monthTotal} testId="provider-chart" />
          ) : (
            <Empty>No spend this month yet.</Empty>
          )}
        </Panel>
        <Panel
          title="Cost by category"
          subtitle={`${monthName} · ${data.monthTotal}`}
          testId="category-panel"
        >
          {data.categories.length ? (
            <DonutChart slices={data.categories} total={data.monthTotal} testId="category-chart" />
          ) : (
            <Empty>No spend this month yet.</Empty>
          )}
        </Panel>
      </div>

      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Panel title="Top organizations" subtitle={`By spend, ${monthName}`} testId="top-organizations" flush>
          <RankTable
            empty="No organization has spent anything this month."
            rows={data.organizations.map((o) => ({
              key: o.id,
              href: `/logs?organization=${o.id}&from=${data.monthStart}`,
              title: o.name,
              subtitle: o.slug,
              requests: o.requests,
              cost: o.cost,
              bar: o.bar,
            }))}
          />
        </Panel>
        <Panel title="Top users" subtitle={`By spend, ${monthName}`} testId="top-users" flush>
          <RankTable
            empty="No user has spent anything this month."
            rows={data.users.map((u) => ({
              key: u.id,
              href: `/logs?user=${u.id}&from=${data.monthStart}`,
              title: u.name,
              externalId: externalIdBeside(u.name, u.externalId),
              subtitle: [u.email, u.organizations.join(', ')].filter(Boolean).join(' · '),
              requests: u.requests,
              cost: u.cost,
              bar: u.bar,
            }))}
          />
        </Panel>
      </div>
    </Pending>
  )
}
