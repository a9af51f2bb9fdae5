import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { CATEGORY_LABELS, type Category, formatUsd, toDecimal } from '@tokenledger/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AdminHarness,
  hydrated,
  navigated,
  newPage,
  pageErrors,
  screenshot,
  signIn,
  startAdminHarness,
} from './admin-browser'

let harness: AdminHarness
let page: Page

// Every figure on the dashboard, checked against SQL over the raw logs: with every finished day
// rolled up, "earlier days from the rollups, today from the logs" must give the same numbers.
describe('admin dashboard', () => {
  beforeAll(async () => {
    harness = await startAdminHarness()
    page = await newPage(harness)
    await signIn(page, harness)
    await page.goto(harness.url('/'))
    await hydrated(page)
    await screenshot(page, 'dashboard')
  })
  afterAll(async () => {
    await harness?.close()
  })

  const sql = async <T>(query: string, bindings: unknown[] = []): Promise<T[]> =>
    (await harness.db.raw(query, bindings as never)).rows
  const usd = (value: string | null | undefined) => formatUsd(value ?? '0')
  const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim()

  it('shows the stats cards: cost and requests today, this week, this month, all time, with changes', async () => {
    const [periods] = await sql<Record<string, string>>(`
      with bounds as (
        select date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' as today,
               date_trunc('week', now() at time zone 'UTC') at time zone 'UTC' as week,
               date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' as month
      )
      select
        coalesce(sum(cost) filter (where created_at >= today), 0) as today_cost,
        count(*) filter (where created_at >= today) as today_requests,
        coalesce(sum(cost) filter (where created_at >= today - interval '1 day' and created_at < today), 0) as yesterday_cost,
        coalesce(sum(cost) filter (where created_at >= week), 0) as week_cost,
        count(*) filter (where created_at >= week) as week_requests,
        coalesce(sum(cost) filter (where created_at >= month), 0) as month_cost,
        count(*) filter (where created_at >= month) as month_requests,
        coalesce(sum(cost), 0) as all_cost,
        count(*) as all_requests
      from ai_usage_logs, bounds
      where created_at < today + interval '1 day'`)
    const p = periods as Record<string, string>
    const card = (key: string) => `[data-testid=stat-${key}]`
    expect(await text(`${card('today')} [data-testid=stat-value]`)).toBe(usd(p.today_cost))
    expect(await text(`${card('today')} [data-testid=stat-requests]`)).toBe(
      Number(p.today_requests).toLocaleString('en-US'),
    )
    expect(await text(`${card('week')} [data-testid=stat-value]`)).toBe(usd(p.week_cost))
    expect(await text(`${card('week')} [data-testid=stat-requests]`)).toBe(
      Number(p.week_requests).toLocaleString('en-US'),
    )
    expect(await text(`${card('month')} [data-testid=stat-value]`)).toBe(usd(p.month_cost))
    expect(await text(`${card('month')} [data-testid=stat-requests]`)).toBe(
      Number(p.month_requests).toLocaleString('en-US'),
    )
    expect(await text(`${card('all')} [data-testid=stat-value]`)).toBe(usd(p.all_cost))
    expect(await text(`${card('all')} [data-testid=stat-requests]`)).toBe(
      Number(p.all_requests).toLocaleString('en-US'),
    )
    // Today against the whole of yesterday.
    const yesterday = toDecimal(p.yesterday_cost as string)
    if (!yesterday.isZero()) {
      const change = toDecimal(p.today_cost as string)
        .minus(yesterday)
        .div(yesterday)
        .times(100)
        .toDecimalPlaces(1)
        .toNumber()
      const shown = await text(`${card('today')} [data-testid=stat-change]`)
      expect(shown.replace('−', '-').replace('+', '')).toBe(
        `${change.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`,
      )
    }
  })

  it('draws cost per day for the last 30 days, today included', async () => {
    const days = await sql<{ day: string; cost: string }>(`
      select d::date::text as day, coalesce(sum(l.cost), 0) as cost
      from generate_series((now() at time zone 'UTC')::date - 29, (now() at time zone 'UTC')::date, interval '1 day') d
      left join ai_usage_logs l on l.created_at >= d at time zone 'UTC' and l.created_at < (d + interval '1 day') at time zone 'UTC'
      group by d order by d`)
    const rows = await page
      .locator('[data-testid=daily-chart] table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
    expect(rows.map(([day, cost]) => [day, cost])).toEqual(days.map((d) => [d.day, usd(d.cost)]))
    expect(days.some((d) => Number(d.cost) > 0)).toBe(true)
    await expect(page.locator('[data-testid=cost-chart] path').count()).resolves.toBeGreaterThan(1)
  })

  it("splits this month's cost by provider and by category, with labels and shares", async () => {
    const legend = async (testId: string) =>
      page.locator(`[data-testid=${testId}] li`).evaluateAll((items) =>
        items.map((li) => ({
          label: li.querySelector('[data-testid=slice-label]')?.textContent,
          value: li.querySelector('[data-testid=slice-value]')?.textContent,
          share: li.querySelector('[data-testid=slice-share]')?.textContent,
        })),
      )
    const expected = async (column: 'provider' | 'category') => {
      const rows = await sql<{ key: string; cost: string }>(
        `select ${column} as key, coalesce(sum(cost), 0) as cost from ai_usage_logs
         where created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
         group by ${column} order by sum(cost) desc nulls last, ${column}`,
      )
      const total = rows.reduce((sum, r) => sum.plus(r.cost), toDecimal('0'))
      return rows.map((r) => ({
        label: column === 'category' ? CATEGORY_LABELS[r.key as Category] : r.key,
        value: usd(r.cost),
        share: `${total.isZero() ? 0 : toDecimal(r.cost).div(total).times(100).toDecimalPlaces(1).toNumber()}%`,
      }))
    }
    expect(await legend('provider-chart')).toEqual(await expected('provider'))
    expect(await legend('category-chart')).toEqual(await expected('category'))
  })

  it('ranks the top 10 organizations and users of this month, linking to their logs', async () => {
    const month = `l.created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`
    const orgs = await sql<{ id: number; name: string; cost: string; requests: string }>(`
      select o.id, o.name, coalesce(sum(l.cost), 0) as cost, count(*) as requests
      from ai_usage_logs l join organizations o on o.id = l.organization_id where ${month}
      group by o.id order by sum(l.cost) desc nulls last, o.id limit 10`)
    const users = await sql<{ id: number; name: string; cost: string; requests: string }>(`
      select u.id, coalesce(u.name, u.email, u.external_id, 'user #' || u.id) as name,
        coalesce(sum(l.cost), 0) as cost, count(*) as requests
      from ai_usage_logs l join users u on u.id = l.user_id where ${month}
      group by u.id order by sum(l.cost) desc nulls last, u.id limit 10`)
    const table = (testId: string) =>
      page.locator(`[data-testid=${testId}] [data-testid=rank-row]`).evaluateAll((rows) =>
        rows.map((row) => ({
          name: row.querySelector('[data-testid=rank-name]')?.textContent,
          href: row.querySelector('a')?.getAttribute('href'),
          requests: row.querySelector('[data-testid=rank-requests]')?.textContent,
          cost: row.querySelector('[data-testid=rank-cost]')?.textContent,
        })),
      )
    const monthStart = new Date().toISOString().slice(0, 8).concat('01')
    expect(await table('top-organizations')).toEqual(
      orgs.map((o) => ({
        name: o.name,
        href: `/logs?organization=${o.id}&from=${monthStart}`,
        requests: Number(o.requests).toLocaleString('en-US'),
        cost: usd(o.cost),
      })),
    )
    expect(await table('top-users')).toEqual(
      users.map((u) => ({
        name: u.name,
        href: `/logs?user=${u.id}&from=${monthStart}`,
        requests: Number(u.requests).toLocaleString('en-US'),
        cost: usd(u.cost),
      })),
    )
    // A row leads to the log list filtered to that organization.
    const first = orgs[0]
    if (first) {
      await page.locator('[data-testid=top-organizations] [data-testid=rank-row] a').first().click()
      await page.waitForURL(
        (url) => url.pathname === '/logs' && url.searchParams.get('organization') === String(first.id),
      )
      await expect(page.locator('[data-testid=cell-organization]').first().textContent()).resolves.toBe(
        first.name,
      )
      await page.goBack()
      await hydrated(page)
    }
  })

  it('counts budgets at warning, exceeded, and overrides used this month', async () => {
    const [budgets] = await sql<{ exceeded: string; warning: string; overrides: string }>(`
      with b as (
        select monthly_limit as lim, warning_threshold as t,
               case when current_period_start < date_trunc('month', now() at time zone 'UTC')::date then 0
                    else current_month_usage end as usage
        from ai_budgets where is_active and monthly_limit is not null
      )
      select (select count(*) from b where usage >= lim) as exceeded,
             (select count(*) from b where usage < lim and usage >= lim * t / 100) as warning,
             (select count(*) from budget_overrides where status = 'used'
                and used_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC') as overrides`)
    expect(await text('[data-testid=count-exceeded]')).toBe(String(budgets?.exceeded))
    expect(await text('[data-testid=count-warning]')).toBe(String(budgets?.warning))
    expect(await text('[data-testid=count-overrides]')).toBe(String(budgets?.overrides))
    expect(Number(budgets?.exceeded) + Number(budgets?.warning)).toBeGreaterThan(0)
    expect(pageErrors(page)).toEqual([])
  })

  it("warns about this month's unpriced calls, counted from the logs, and links to pricing them", async () => {
    // One unpriced call now, so there is something to warn about whatever the demo holds.
    const [org] = await sql<{ id: number }>('select id from organizations order by id limit 1')
    const [log] = await harness
      .db('ai_usage_logs')
      .insert({ organization_id: org?.id, provider: 'acme', model: `dashboard-unpriced-${Date.now()}` })
      .returning('id')
    try {
      await page.goto(harness.url('/'))
      await hydrated(page)
      const [unpriced] = await sql<{ calls: number; models: number }>(`
        select count(*)::int as calls, count(distinct (provider, model))::int as models from ai_usage_logs
        where cost is null and created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`)
      const said = (await page.getByTestId('unpriced-warning').textContent()) ?? ''
      expect(said).toContain(`${unpriced?.calls.toLocaleString('en-US')} call`)
      expect(said).toContain(unpriced?.models === 1 ? 'of 1 model' : `of ${unpriced?.models} models`)
      expect(await page.getByTestId('unpriced-warning').getByRole('link').getAttribute('href')).toBe(
        '/prices/unpriced',
      )
    } finally {
      await harness.db('ai_usage_logs').where({ id: log.id }).delete()
    }
  })

  describe('budgets at risk', () => {
    let tenant: Tenant
    // The demo's (and other tests') budgets are set aside while these run, so the panel lists
    // exactly this tenant's: it shows 8 and a busy test database could push them out.
    let others: number[] = []
    const budgetIds: Record<string, number> = {}
    const budget = async (row: Record<string, unknown>) => {
      const [inserted] = await harness
        .db('ai_budgets')
        .insert({ organization_id: tenant.organizationId, ...row })
        .returning('id')
      return inserted.id as number
    }
    const today = () => new Date().toISOString().slice(0, 10)
    const dayIn = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date())
    // The fixed-offset zone where it is 12:xx now (Etc/GMT+N is N hours behind UTC).
    const offset = new Date().getUTCHours() - 12
    const noonZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '+' : '-'}${Math.abs(offset)}`
    // "Dec 3, 2026": the admin's day format.
    const dayText = (day: string) =>
      new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      })
    const rows = () =>
      page.locator('[data-testid=budgets-at-risk] [data-testid=at-risk-row]').evaluateAll((trs) =>
        trs.map((tr) => ({
          id: Number(tr.getAttribute('data-budget-id')),
          name: tr.querySelector('[data-testid=at-risk-name]')?.textContent,
          href: tr.querySelector('[data-testid=at-risk-name]')?.getAttribute('href'),
          externalId: tr.querySelector('[data-testid=external-id]')?.textContent ?? null,
          scope: tr.querySelector('[data-testid=at-risk-scope]')?.textContent,
          period: tr.querySelector('[data-testid=at-risk-period]')?.textContent,
          usage: tr.querySelector('[data-testid=at-risk-usage]')?.textContent,
          projected: tr.querySelector('[data-testid=at-risk-projected]')?.textContent ?? '',
          day: tr.querySelector('[data-testid=at-risk-day] time')?.getAttribute('datetime'),
          dayText: tr.querySelector('[data-testid=at-risk-day]')?.textContent,
        })),
      )

    beforeAll(async () => {
      others = await harness.db('ai_budgets').where('is_active', true).pluck('id')
      await harness.db('ai_budgets').whereIn('id', others).update({ is_active: false })
      tenant = await createTenant(harness.db, 'Runaway Spend')
      // An app's user with a name: its own id shows beside the name.
      const [appUser] = await harness
        .db('users')
        .insert({ organization_id: tenant.organizationId, name: 'Dana Runaway', external_id: 'usr-runaway' })
        .returning('id')
      // A daily budget reads only its counter. In a zone where it is about noon now, $9.99 of $10
      // paces past $10 whenever the test runs (past the first 3 hours, well before the day ends).
      budgetIds.key = await budget({
        api_key_id: tenant.apiKeyId,
        period: 'daily',
        period_time_zone: noonZone,
        monthly_limit: '10',
        current_month_usage: '9.99',
        current_period_start: dayIn(noonZone),
      })
      budgetIds.user = await budget({
        user_id: appUser.id,
        period: 'daily',
        monthly_limit: '5',
        current_month_usage: '6',
        current_period_start: today(),
      })
      // A cent of a $1,000 month: far below, never even forecast.
      budgetIds.slow = await budget({
        monthly_limit: '1000',
        current_month_usage: '0.01',
        current_period_start: `${today().slice(0, 8)}01`,
      })
      await page.goto(harness.url('/'))
      await hydrated(page)
    })
    afterAll(async () => {
      await harness.db('ai_budgets').whereIn('id', others).update({ is_active: true })
    })

    it('lists the budgets that will reach their limit this period, soonest first, and not one far below', async () => {
      const shown = await rows()
      // Not the slow one; the key's day (in its zone) and the user's (UTC today) in order.
      expect(shown.map((r) => r.id).sort()).toEqual([budgetIds.key, budgetIds.user].sort())
      const days = shown.map((r) => r.day ?? '')
      expect(days).toEqual([...days].sort())
      const key = shown.find((r) => r.id === budgetIds.key)
      expect(key).toMatchObject({
        name: 'test',
        href: `/budgets/${budgetIds.key}`,
        scope: 'API key · Runaway Spend',
        period: `daily${noonZone}`,
        usage: '$9.99 / $10.00',
        day: dayIn(noonZone),
      })
      expect(toDecimal((key?.projected ?? '').replace(/[$,]/g, '')).gte(10)).toBe(true)
      // Already past its limit: "reached" today, the app's user id beside the member's name.
      expect(shown.find((r) => r.id === budgetIds.user)).toMatchObject({
        name: 'Dana Runaway',
        externalId: 'usr-runaway',
        scope: 'User · Runaway Spend',
        usage: '$6.00 / $5.00',
        dayText: `reached ${dayText(today())}`,
      })
      expect(pageErrors(page)).toEqual([])
    })

    it("leads to the budget's page", async () => {
      await page.locator(`[data-budget-id="${budgetIds.key}"] [data-testid=at-risk-name]`).click()
      await navigated(page, (url) => url.pathname === `/budgets/${budgetIds.key}`)
      await page.goBack()
      await hydrated(page)
    })

    it('says so when no budget is at risk', async () => {
      const active = [budgetIds.key, budgetIds.user] as number[]
      await harness.db('ai_budgets').whereIn('id', active).update({ is_active: false })
      try {
        await page.goto(harness.url('/'))
        await hydrated(page)
        expect(await rows()).toEqual([])
        await expect(page.getByTestId('budgets-at-risk-empty').textContent()).resolves.toContain(
          'No budget is on course to reach its limit',
        )
      } finally {
        await harness.db('ai_budgets').whereIn('id', active).update({ is_active: true })
      }
    })
  })
})
