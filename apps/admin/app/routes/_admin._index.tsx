import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CostLineChart } from '../components/cost-line-chart'
import { DonutChart } from '../components/donut-chart'
import { ArrowDownIcon, ArrowUpIcon, ChevronRightIcon } from '../components/icons'
import { Empty, Panel } from '../components/panel'
import { PageHeader, Pending } from '../components/shell'
import { UsageBar } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { loadDashboard, type StatCard } from '../lib/dashboard.server'
import { loadSpendForecast } from '../lib/forecasts.server'
import { formatChange, formatDateTime, formatDay, formatInt, formatPercent } from '../lib/format'

export const meta: MetaFunction = () => [{ title: 'Dashboard · Tokenledger' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const now = context.now()
  const [dashboard, forecast] = await Promise.all([
    loadDashboard(context.db, now),
    loadSpendForecast(context.db, now),
  ])
  return { ...dashboard, forecast }
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
      <section aria-label="Spend" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
        {data.cards.map((card) => (
          <Stat key={card.key} card={card} />
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
              subtitle: `${u.email} · ${u.organizations.join(', ')}`,
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

function Stat({ card }: { card: StatCard }) {
  const up = card.change != null && card.change > 0
  const down = card.change != null && card.change < 0
  return (
    <div className="card p-4 sm:p-5" data-testid={`stat-${card.key}`}>
      <p className="text-sm font-medium text-gray-500">{card.label}</p>
      <p
        className="mt-2 text-2xl font-semibold tracking-tight text-gray-900 tabular-nums sm:text-3xl"
        data-testid="stat-value"
      >
        {card.value}
      </p>
      <p className="mt-1 text-sm text-gray-500">
        <span data-testid="stat-requests">{formatInt(card.requests)}</span> requests
      </p>
      <div className="mt-3 text-xs text-gray-500">
        <p className="flex items-center gap-1.5">
          {card.change != null && (
            <span
              className={`inline-flex items-center gap-0.5 rounded-md px-1.5 py-0.5 font-semibold ${
                up
                  ? 'bg-rose-50 text-rose-700'
                  : down
                    ? 'bg-emerald-50 text-emerald-700'
                    : 'bg-gray-100 text-gray-700'
              }`}
              data-testid="stat-change"
            >
              {up && <ArrowUpIcon className="h-3 w-3" />}
              {down && <ArrowDownIcon className="h-3 w-3" />}
              {formatChange(card.change)}
            </span>
          )}
          {card.previous != null ? <span>vs {card.previous}</span> : <span>{card.comparison}</span>}
        </p>
        {card.previous != null && <p className="mt-1 text-gray-400">{card.comparison}</p>}
      </div>
    </div>
  )
}

function RankTable({
  rows,
  empty,
}: {
  rows: Array<{
    key: number
    href: string
    title: string
    subtitle: string
    requests: number
    cost: string
    bar: number
  }>
  empty: string
}) {
  if (!rows.length) return <Empty>{empty}</Empty>
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-gray-100">
        <thead className="bg-gray-50/60">
          <tr>
            <th className="th w-10">#</th>
            <th className="th">Name</th>
            <th className="th text-right">Requests</th>
            <th className="th text-right">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((row, index) => (
            <tr key={row.key} className="group hover:bg-gray-50" data-testid="rank-row">
              <td className="td text-gray-400 tabular-nums">{index + 1}</td>
              <td className="td max-w-0 w-full">
                <Link
                  to={row.href}
                  className="block truncate font-medium text-gray-900 group-hover:text-indigo-600"
                >
                  <span data-testid="rank-name">{row.title}</span>
                  <ChevronRightIcon className="ml-1 inline h-3.5 w-3.5 text-gray-300 group-hover:text-indigo-500" />
                </Link>
                <p className="truncate text-xs text-gray-500">{row.subtitle}</p>
                <div className="mt-1.5 h-1 rounded-full bg-gray-100">
                  <div
                    className="h-1 rounded-full bg-indigo-400"
                    style={{ width: `${Math.max(2, row.bar * 100)}%` }}
                  />
                </div>
              </td>
              <td className="td text-right tabular-nums" data-testid="rank-requests">
                {formatInt(row.requests)}
              </td>
              <td className="td text-right font-semibold text-gray-900 tabular-nums" data-testid="rank-cost">
                {row.cost}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

type Dashboard = ReturnType<typeof useLoaderData<typeof loader>>

function BudgetWidget({
  budgets,
  overrides,
}: {
  budgets: Dashboard['budgets']
  overrides: Dashboard['overrides']
}) {
  const nothing = !budgets.exceeded.length && !budgets.warning.length
  return (
    <Panel
      title="Budgets"
      subtitle="This month"
      testId="budget-widget"
      action={
        <Link to="/budgets" className="link text-sm">
          All budgets
        </Link>
      }
    >
      <div className="grid grid-cols-3 gap-3 text-center">
        <Count
          label="Exceeded"
          value={budgets.exceeded.length}
          tone="text-rose-600"
          testId="count-exceeded"
        />
        <Count
          label="At warning"
          value={budgets.warning.length}
          tone="text-amber-600"
          testId="count-warning"
        />
        <Count
          label="Overrides used"
          value={overrides.count}
          tone="text-violet-600"
          testId="count-overrides"
        />
      </div>
      {nothing && <p className="mt-5 text-sm text-gray-500">Every budget is below its warning threshold.</p>}
      <ul className="mt-5 space-y-4">
        {[
          ...budgets.exceeded.map((b) => ({ ...b, state: 'exceeded' as const })),
          ...budgets.warning.map((b) => ({ ...b, state: 'warning' as const })),
        ]
          .slice(0, 6)
          .map((b) => (
            <li key={b.id} data-testid={`budget-${b.state}`}>
              <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
                <Link
                  to={`/budgets/${b.id}`}
                  className="truncate font-medium text-gray-800 hover:text-indigo-600"
                >
                  {b.scope}
                </Link>
                <span
                  className={`shrink-0 font-semibold tabular-nums ${b.state === 'exceeded' ? 'text-rose-600' : 'text-amber-600'}`}
                >
                  {formatPercent(b.percent)}
                </span>
              </div>
              <UsageBar
                percent={b.percent}
                threshold={b.threshold}
                state={b.state}
                label={`${b.scope} budget use`}
              />
              <p className="mt-1 text-xs tabular-nums text-gray-500" data-testid="budget-usage">
                {b.usage} of {b.limit}
              </p>
            </li>
          ))}
      </ul>
      {overrides.recent.length > 0 && (
        <div className="mt-6 border-t border-gray-100 pt-4">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-gray-500">Recent overrides</h3>
          <ul className="mt-2 space-y-1.5 text-sm" data-testid="recent-overrides">
            {overrides.recent.map((o) => (
              <li key={o.id} className="flex justify-between gap-2">
                <span className="truncate text-gray-700">
                  {o.userName} · {o.organizationName}
                </span>
                <span className="shrink-0 text-xs text-gray-500">{formatDateTime(o.usedAt)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Panel>
  )
}

function Count({
  label,
  value,
  tone,
  testId,
}: {
  label: string
  value: number
  tone: string
  testId: string
}) {
  return (
    <div className="rounded-lg bg-gray-50 px-2 py-3">
      <p
        className={`text-2xl font-semibold tabular-nums ${value ? tone : 'text-gray-400'}`}
        data-testid={testId}
      >
        {value}
      </p>
      <p className="text-xs text-gray-500">{label}</p>
    </div>
  )
}
