export interface BackoffOptions {
  /** Delay before the first retry (before jitter). Default 500 ms. */
  initialDelayMs?: number
  /** Cap on the delay. Default 30 s. */
  maxDelayMs?: number
}

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * min(max, initial * 2^(n-1)), so clients that failed together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialDelayMs ?? 500
  const max = options.maxDelayMs ?? 30_000
  const ceiling = Math.min(max, initial * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
