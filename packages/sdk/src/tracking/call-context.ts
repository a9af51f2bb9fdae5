import type { UsageEventInput } from '@tokenledger/contract'
import type { Attribution } from '../attribution'
import type { TokenUsage } from './token-usage'

/** What one tracked call needs: where its event goes and who it is for. */
export interface CallContext {
  /** Queues the event; the Tokenledger adds its defaults, idempotency key and time. */
  log: (event: UsageEventInput) => void
  attribution: Attribution
  /**
   * Event fields beyond attribution, sent as they are: the override the call uses
   * (`budgetOverrideId`) and the budget reservation its log releases (`budgetReservationId`).
   */
  fields?: Pick<UsageEventInput, 'budgetOverrideId' | 'budgetReservationId'>
  /** Longest prompt / response sent (longer ones are cut). */
  maxContentChars?: number
  /** Sees the measured outcome before it is logged (the builder returns it to its caller). */
  onOutcome?: (outcome: CallOutcome) => void
}

/** One provider call as measured by the SDK. */
export interface CallOutcome {
  provider: string
  /** The model the provider reports it ran (the requested one when it reports none). */
  model: string
  /** The model the app asked for, when the provider reports another (e.g. a dated snapshot). */
  requestedModel?: string
  startedAt: Date
  durationMs: number
  usage: TokenUsage
  prompt: string
  response?: string
  /** Set when the call failed (the provider's error, or the stream was cancelled). */
  error?: unknown
}
