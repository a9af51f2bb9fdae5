import { type ThresholdLevel, toDecimal, type Usd } from '@tokenledger/domain'

export interface CounterState {
  monthlyLimit: Usd | null
  /** Percent of the limit, e.g. "80.00". */
  warningThreshold: Usd
  currentMonthUsage: Usd
  isActive: boolean
}

/**
 * The thresholds a budget's counter is at or past: the warning (usage ≥ threshold % of the limit)
 * and the limit itself (usage ≥ limit). Asked after each increment; the alert table's unique key
 * turns "at or past" into "once per period", which also covers a budget created, or whose limit
 * was lowered, when its usage was already past a threshold (a strict "crossed by this increment"
 * test would never fire for those). Inactive budgets and budgets without a limit alert nothing;
 * a zero usage reaches nothing (a limit of 0 is reached by the first cost).
 */
export function thresholdsReached(counter: CounterState): ThresholdLevel[] {
  if (!counter.isActive || counter.monthlyLimit == null) return []
  const usage = toDecimal(counter.currentMonthUsage)
  if (usage.lte(0)) return []
  const limit = toDecimal(counter.monthlyLimit)
  const warningAt = limit.times(toDecimal(counter.warningThreshold)).div(100)
  const reached: ThresholdLevel[] = []
  if (usage.gte(warningAt)) reached.push('warning')
  if (usage.gte(limit)) reached.push('exceeded')
  return reached
}
