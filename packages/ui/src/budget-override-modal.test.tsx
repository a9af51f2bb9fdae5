import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { BudgetOverrideContent, type BudgetOverrideData, formatMoney } from './budget-override-modal'

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
