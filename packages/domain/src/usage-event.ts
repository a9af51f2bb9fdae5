import type { Category } from './categories'
import type { Usd } from './money'

/**
 * One LLM call as Tokenledger records it, after validation. Token counts are normalised across
 * providers: `promptTokens` includes cached and cache-write tokens, `completionTokens` includes
 * reasoning tokens.
 */
export interface UsageEvent {
  provider: string
  model: string
  promptTokens: number
  completionTokens: number
  totalTokens?: number | undefined
  cachedTokens: number
  cacheWriteTokens: number
  /** The part of `cacheWriteTokens` written with a 1-hour TTL (priced at the catalog's 1-hour rate); default 0. */
  cacheWrite1hTokens?: number | undefined
  reasoningTokens: number
  /** Web-search tool requests the call made, priced per request where the catalog has a price; default 0. */
  webSearchRequests?: number | undefined
  /** A cost the caller computed itself; wins over the computed one. */
  cost?: Usd | undefined
  durationMs?: number | undefined
  success: boolean
  errorMessage?: string | undefined
  category: Category
  purposeDetail?: string | undefined
  taskType?: string | undefined
  loggable?: { type: string; id: string | number } | undefined
  userId?: number | undefined
  projectId?: number | undefined
  documentId?: number | undefined
  /** The app's own ids, beside (never together with) the numeric ones; see UserRef. */
  user?: UsageEventUserRef | undefined
  project?: UsageEventProjectRef | undefined
  document?: UsageEventDocumentRef | undefined
  prompt?: string | undefined
  response?: string | undefined
  metadata?: Record<string, unknown> | undefined
  idempotencyKey?: string | undefined
  /** A confirmed budget override (from `budgets.confirmOverride`) this call uses, once. */
  budgetOverrideId?: string | undefined
  /** The reservation its budget check made (`budgets.check` with `reserve`), released when it is logged. */
  budgetReservationId?: string | undefined
  /** ISO 8601 time of the call; defaults to when the event arrives. */
  occurredAt?: string | undefined
}

/** A user named by the app's own id: created in the organization on first sight, email/name updated when given. */
export interface UsageEventUserRef {
  externalId: string
  email?: string | undefined
  name?: string | undefined
}

export interface UsageEventProjectRef {
  externalId: string
  name?: string | undefined
}

/** A document by the app's own id; `projectExternalId` files a new document under that project. */
export interface UsageEventDocumentRef {
  externalId: string
  name?: string | undefined
  projectExternalId?: string | undefined
}
