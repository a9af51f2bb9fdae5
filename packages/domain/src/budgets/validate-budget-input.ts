import { isUsd, toDecimal } from '../money'

export interface BudgetInput {
  monthlyLimit: string | null
  warningThreshold: string
}

/** Field → message for a budget's limit and threshold; empty when valid. Shared by the api and the admin forms. */
export function budgetInputErrors(input: BudgetInput): Partial<Record<keyof BudgetInput, string>> {
  const errors: Partial<Record<keyof BudgetInput, string>> = {}
  if (input.monthlyLimit !== null) {
    if (!isUsd(input.monthlyLimit) || !/^\d+(\.\d{1,2})?$/.test(input.monthlyLimit)) {
      errors.monthlyLimit = 'Enter an amount in dollars with at most two decimals, e.g. 250 or 99.50.'
    } else if (toDecimal(input.monthlyLimit).gte('100000000')) {
      errors.monthlyLimit = 'The limit must be below $100,000,000.'
    }
  }
  if (!isUsd(input.warningThreshold) || !/^\d+(\.\d{1,2})?$/.test(input.warningThreshold)) {
    errors.warningThreshold = 'Enter a percentage from 0 to 100.'
  } else if (toDecimal(input.warningThreshold).gt(100)) {
    errors.warningThreshold = 'The warning threshold cannot be above 100%.'
  }
  return errors
}
