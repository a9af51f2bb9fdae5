/**
 * A cached `ok` as a bounded local lease. When a budget check says ok, the caller reserves a
 * share of the room left (a "lease", one reservation on the api) and lets its next calls through
 * without asking again while the estimates of the calls let through stay within that amount and
 * the lease is young. Concurrent callers elsewhere see the lease as a reservation, so what calls
 * under it cost was already held: a cached ok never spends what the api has not set aside.
 */

/** A lease holds this share of the tightest budget's room: ¼ (see docs/budgets.md for why not more). */
export const LEASE_SHARE_DIVISOR = 4n

/** Picodollars per dollar: the api keeps costs at 12 decimals, so integer sums are exact. */
const PICO = 10n ** 12n
const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/** A decimal USD string as integer picodollars (digits past the 12th are dropped). */
export function picoUsd(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim())
  if (!match) throw new RangeError(`not a decimal amount of USD: "${amount}"`)
  const fraction = (match[2] ?? '').slice(0, 12).padEnd(12, '0')
  return BigInt(match[1] as string) * PICO + BigInt(fraction)
}

/** Integer picodollars as a decimal USD string, trailing zeros trimmed ("0.25", "3"). */
export function usdFromPico(pico: bigint): string {
  if (pico < 0n) throw new RangeError('a USD amount is never negative')
  const whole = pico / PICO
  const fraction = (pico % PICO).toString().padStart(12, '0').replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : `${whole}`
}

/** The part of a check's answer a lease is sized from. */
export interface LeaseSizing {
  status: string
  budgets: ReadonlyArray<{ remaining: string }>
}

/**
 * What a lease taken after `check` may let through: a quarter of the smallest room left over every
 * budget that applies (already net of the api's reservations), `'unlimited'` when no budget
 * applies, null when no lease is to be taken (not ok, or no room worth a lease).
 */
export function leaseSize(check: LeaseSizing): string | 'unlimited' | null {
  if (check.status !== 'ok') return null
  if (check.budgets.length === 0) return 'unlimited'
  let room: bigint | null = null
  for (const budget of check.budgets) {
    const remaining = picoUsd(budget.remaining)
    if (room === null || remaining < room) room = remaining
  }
  const share = (room ?? 0n) / LEASE_SHARE_DIVISOR
  return share > 0n ? usdFromPico(share) : null
}

/**
 * One lease: its reservation on the api (null when no budget applies, so nothing is held), how
 * much it may still let through, until when. Calls draw from it with `take` and say when they
 * ended with `finish`; once it is closed (expired, or a call did not fit) and every call under it
 * ended, `onSettled` runs once, so the owner can release the reservation after the calls' events
 * are stored.
 */
export class BudgetLease<C = unknown> {
  private used = 0n
  private inFlight = 0
  private closed = false
  private settled = false
  private readonly allowance: bigint | null

  constructor(
    /** The check whose answer the lease extends (what calls drawing from it are told). */
    readonly check: C,
    readonly reservationId: string | null,
    /** What it may let through (decimal USD), as it was reserved; renewing asks for the same. */
    readonly size: string | 'unlimited',
    /** Epoch ms after which nothing more is let through. */
    readonly expiresAt: number,
    private readonly onSettled: (lease: BudgetLease<C>) => void = () => {},
  ) {
    this.allowance = size === 'unlimited' ? null : picoUsd(size)
  }

  /**
   * Lets a call estimated at `estimate` (decimal USD) through if it fits in what is left and the
   * lease is open; a call that does not fit closes the lease (the next one is asked of the api).
   */
  take(estimate: string, now: number): boolean {
    if (!this.isOpen(now)) return false
    const cost = picoUsd(estimate)
    if (this.allowance !== null && this.used + cost > this.allowance) {
      this.close()
      return false
    }
    this.used += cost
    this.inFlight++
    return true
  }

  /** Whether a call estimated at `estimate` could ever fit in this lease (it may not fit in what is left). */
  covers(estimate: string): boolean {
    return this.allowance === null || picoUsd(estimate) <= this.allowance
  }

  /** Half of what it may let through is spent: time to renew it before it runs dry (never, when unlimited). */
  halfSpent(): boolean {
    return this.allowance !== null && this.used * 2n >= this.allowance
  }

  /** A call let through by `take` ended (its event was handed to the logger, or it never will be). */
  finish(): void {
    if (this.inFlight > 0) this.inFlight--
    this.settleIfDone()
  }

  /** Open: not closed, not expired (an expired lease closes itself). */
  isOpen(now: number): boolean {
    if (!this.closed && now >= this.expiresAt) this.close()
    return !this.closed
  }

  /** No more calls are let through; settles once the calls under it have ended. */
  close(): void {
    this.closed = true
    this.settleIfDone()
  }

  /** No budget applied when it was taken: only time bounds it, and nothing is reserved. */
  get unlimited(): boolean {
    return this.allowance === null
  }

  /** What the calls let through were estimated at, in decimal USD. */
  spent(): string {
    return usdFromPico(this.used)
  }

  private settleIfDone(): void {
    if (!this.closed || this.inFlight > 0 || this.settled) return
    this.settled = true
    this.onSettled(this)
  }
}
