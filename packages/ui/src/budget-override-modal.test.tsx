import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import {
  BudgetOverrideContent,
  type BudgetOverrideData,
  budgetLabel,
  formatMoney,
  type OverrideBudget,
} from './budget-override-modal'

const exceeded: BudgetOverrideData = {
  state: 'pending',
  organizationName: 'Acme',
  userName: 'Ada',
  estimatedCost: '0.0125',
  requested: {
    status: 'exceeded',
    budgets: [
      {
        scope: 'organization',
        limit: '1000.00',
        usage: '1234.567',
        projectedUsage: '1234.5795',
        percent: 123.46,
        threshold: 80,
        status: 'exceeded',
      },
    ],
  },
  expiresAt: '2026-03-18T14:59:00.000Z',
}

describe('formatMoney', () => {
  it('shows dollars and cents, and a single call precisely', () => {
    expect(formatMoney('1234.567')).toBe('$1,234.57')
    expect(formatMoney('0.0125')).toBe('$0.01')
    expect(formatMoney('0.0125', true)).toBe('$0.0125')
    expect(formatMoney('0.000350', true)).toBe('$0.00035')
    expect(formatMoney('2.5', true)).toBe('$2.50')
  })

  it('refuses what is not a decimal amount', () => {
    expect(() => formatMoney('12 dollars')).toThrow(/not a decimal amount/)
  })
})

describe('BudgetOverrideContent', () => {
  it('shows the spend, the limit, the percent and the estimate of a pending request', () => {
    const html = renderToStaticMarkup(
      <BudgetOverrideContent data={exceeded} actions={<button type="button">Go</button>} />,
    )
    expect(html).toContain('Acme')
    expect(html).toContain('$1,234.57')
    expect(html).toContain('$1,000.00')
    expect(html).toContain('123.46%')
    expect(html).toContain('$0.0125')
    expect(html).toContain('Valid until 2026-03-18 14:59 UTC.')
    expect(html).toContain('<button type="button">Go</button>')
  })

  it('shows only the final state once the request was decided', () => {
    const html = renderToStaticMarkup(
      <BudgetOverrideContent data={{ ...exceeded, state: 'used' }} actions="never" />,
    )
    expect(html).toContain('data-testid="override-state-used"')
    expect(html).not.toContain('never')
  })
})

describe('budgets of one scope', () => {
  const budget = (fields: Partial<OverrideBudget>): OverrideBudget => ({
    scope: 'organization',
    limit: '10.00',
    usage: '4.00',
    projectedUsage: '4.00',
    percent: 40,
    threshold: 80,
    status: 'ok',
    ...fields,
  })

  it('are each shown, labelled by scope and period, and compared with their own request', () => {
    const monthly = budget({ budgetId: 1, period: 'monthly', usage: '4.00', projectedUsage: '4.00' })
    const daily = budget({
      budgetId: 2,
      period: 'daily',
      limit: '2.00',
      usage: '2.50',
      projectedUsage: '2.50',
      percent: 125,
      status: 'exceeded',
    })
    const project = budget({ budgetId: 3, scope: 'project', period: 'weekly' })
    const html = renderToStaticMarkup(
      <BudgetOverrideContent
        data={{
          state: 'pending',
          requested: {
            status: 'exceeded',
            budgets: [monthly, { ...daily, usage: '2.10', percent: 105 }, project],
          },
          current: { status: 'exceeded', budgets: [monthly, daily, project] },
        }}
      />,
    )
    const labels = [...html.matchAll(/data-testid="override-budget-label">([^<]*)</g)].map((m) => m[1])
    expect(labels).toEqual(['Organization, daily', 'Organization, monthly', 'Project, weekly'])
    expect(html).toContain('data-budget-id="1"')
    expect(html).toContain('data-budget-id="2"')
    // The daily budget's own request (not the monthly one's) is the "when asked" figure.
    expect([...html.matchAll(/data-testid="override-requested">([^<]*)</g)].map((m) => m[1])).toEqual([
      'When asked: $2.10 of $2.00 (105%)',
    ])
    expect(html).toContain('today')
    expect(html).toContain('this week')
  })

  it('reads a check stored without ids or periods as monthly budgets, one per scope', () => {
    expect(budgetLabel({ scope: 'user' })).toBe('Your budget, monthly')
    expect(budgetLabel({ scope: 'api_key', period: 'daily' })).toBe('API key, daily')
    const html = renderToStaticMarkup(
      <BudgetOverrideContent
        data={{ state: 'pending', requested: { status: 'ok', budgets: [budget({})] } }}
      />,
    )
    expect(html).toContain('Organization, monthly')
    expect(html).toContain('this month')
  })
})
