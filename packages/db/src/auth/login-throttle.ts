/**
 * How many failed sign-ins are tolerated before each further attempt has to wait, and how long.
 * Pure: the counting happens in login-attempts.ts.
 */
export interface ThrottleRule {
  /** Failures inside the window that cost nothing. */
  freeFailures: number
  /** Failures older than this are forgotten. */
  windowMs: number
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
}

/** Per account (the email, lower-cased, known or not): 5 free failures, then 30 s, 1 min, 2 min … 15 min. */
export const ACCOUNT_RULE: ThrottleRule = {
  freeFailures: 5,
  windowMs: 60 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
}

/** Per client IP, whichever accounts it tries (an office behind one NAT shares it): 50 free failures. */
export const IP_RULE: ThrottleRule = {
  freeFailures: 50,
  windowMs: 60 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
}

/**
 * Milliseconds until another attempt may be made (0: now), given the failures counted in the
 * rule's window and when the latest of them happened. Exponential backoff from the latest failure:
 * refused attempts are not counted, so a patient attacker gets one guess per wait, the wait capped
 * at `maxDelayMs`.
 */
export function retryAfterMs(
  rule: ThrottleRule,
  failures: number,
  lastFailureAt: Date | null,
  now: Date,
): number {
  if (failures < rule.freeFailures || !lastFailureAt) return 0
  const excess = failures - rule.freeFailures
  const delay = Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(excess, 30))
  return Math.max(0, lastFailureAt.getTime() + delay - now.getTime())
}
