import type { UsageEventInput } from '@tokenledger/contract'
import {
  type Attribution,
  type DocumentRef,
  mergeAttribution,
  type ProjectRef,
  type UserRef,
} from './attribution'
import type { BudgetCheckResult, BudgetOverrideRequest } from './budgets/budget-errors'
import { releaseLeases } from './budgets/budget-guard'
import { createAnthropicClient, createOpenAIClient, reuseOnceCreated } from './builder/create-provider-client'
import {
  type AnthropicClientLike,
  isAnthropicClient,
  isOpenAIClient,
  type OpenAIClientLike,
  type ProviderClientOptions,
} from './builder/provider-clients'
import { TextBuilder } from './builder/text-builder'
import { createClient, type TokenledgerClient } from './client'
import {
  BackgroundLogger,
  type BatchOptions,
  type DeliveryStats,
  type FlushResult,
} from './delivery/background-logger'
import {
  BudgetCheckFailedError,
  ReservationReleaseFailedError,
  TokenledgerConfigError,
  type TokenledgerError,
} from './errors'
import type { CallContext, CallOutcome } from './tracking/call-context'
import { DEFAULT_MAX_CONTENT_CHARS } from './tracking/event-from-call'

export interface TokenledgerOptions {
  /** The api's base URL, e.g. http://127.0.0.1:3100. */
  url: string
  /** An organization API key (`tl_…`). */
  apiKey: string
  /**
   * The OpenAI client the builder uses (`new OpenAI()`), or options to create one (`baseURL`,
   * `apiKey`…). Default: `new OpenAI()` from the environment, created on the first OpenAI call
   * (the `openai` package is loaded then, not when the SDK is imported).
   */
  openai?: OpenAIClientLike | ProviderClientOptions
  /** The Anthropic client the builder uses, or options to create one. Default: `new Anthropic()` from the environment, on first use. */
  anthropic?: AnthropicClientLike | ProviderClientOptions
  /** Attribution applied to every event unless the call sets the field (metadata is merged). */
  defaults?: Attribution
  /** Background delivery: batch size, interval, queue bound, retry backoff, timeouts. */
  batch?: BatchOptions
  /** Receives every logging problem; logging never throws into the app. */
  onError?: (error: TokenledgerError) => void
  /** Prompts and responses longer than this are cut before queuing. Default 1,000,000 characters. */
  maxContentChars?: number
  /** The fetch used to reach the api (tests, proxies). */
  fetch?: typeof fetch
  /**
   * Check budgets before each `text()` call (default true). When the api cannot be reached the
   * call goes ahead (budgets fail open) and `onError` receives a `BudgetCheckFailedError`.
   */
  checkBudgets?: boolean
  /** How long the budget check may take before the call goes ahead without it (default 3,000 ms). */
  budgetCheckTimeoutMs?: number
  /**
   * For serverless handlers, which may be frozen once they return: every logged event hands a
   * flush promise to this function, e.g. `waitUntil` from `@vercel/functions`, so the platform
   * keeps the handler alive until the event is sent. The promise never rejects.
   */
  waitUntil?: (promise: Promise<unknown>) => void
}

export interface FlushOptions {
  /** Give up after this long (default `batch.flushTimeoutMs`, 10 s); what is left stays queued. */
  timeoutMs?: number
}

/**
 * The SDK's entry point: builds AI calls (`text()`), logs events in the background (`log()`), and
 * exposes the typed api client (`client`). Call `await tokenledger.shutdown()` (or `flush()`)
 * before the process exits so queued events are sent.
 */
export class Tokenledger {
  /** The typed tRPC client of the api, for everything beyond logging. */
  readonly client: TokenledgerClient
  private readonly delivery: BackgroundLogger
  private readonly defaults: Attribution

  constructor(private readonly options: TokenledgerOptions) {
    if (!options?.url) throw new TokenledgerConfigError('Tokenledger needs the api url')
    if (!options.apiKey) throw new TokenledgerConfigError('Tokenledger needs an organization API key (tl_…)')
    this.client = createClient({
      url: options.url,
      apiKey: options.apiKey,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
    this.defaults = options.defaults ?? {}
    this.delivery = new BackgroundLogger(
      (events, signal) => this.client.usage.logBatch.mutate({ events }, { signal }),
      options.batch,
      options.onError,
    )
  }

  /** A new text-generation builder. */
  text(): TextBuilder {
    return new TextBuilder(this)
  }

  /**
   * Queues one usage event (for calls the app measured itself). The defaults fill fields the
   * event leaves out; an idempotency key and the time are added when missing. Never throws.
   */
  log(event: UsageEventInput): void {
    try {
      const merged = mergeAttribution(this.defaults, event as Attribution) as UsageEventInput
      this.delivery.enqueue({
        ...merged,
        // Web Crypto, not node:crypto: the logging path must run on edge runtimes too.
        idempotencyKey: event.idempotencyKey ?? globalThis.crypto.randomUUID(),
        occurredAt: event.occurredAt ?? new Date().toISOString(),
      })
      // Every event gets its own flush: a flush already under way may have checked the queue before this event.
      this.options.waitUntil?.(this.delivery.flush())
    } catch {
      // Logging never breaks the app.
    }
  }

  /**
   * Bulk sync of the app's own users, projects and documents (at most 1,000 items per call), for
   * apps that prefer it to naming them in events: one result per item, a bad item rejected alone.
   */
  readonly directory = {
    upsertUsers: (items: UserRef[]) => this.client.directory.upsertUsers.mutate({ items }),
    upsertProjects: (items: ProjectRef[]) => this.client.directory.upsertProjects.mutate({ items }),
    upsertDocuments: (items: DocumentRef[]) => this.client.directory.upsertDocuments.mutate({ items }),
  }

  /** Counters of the background delivery: queued, stored, duplicates, rejected, dropped, failed, retries. */
  stats(): DeliveryStats {
    return this.delivery.stats()
  }

  /** Sends everything queued, retrying until done or the timeout; never rejects. */
  flush(options: FlushOptions = {}): Promise<FlushResult> {
    return this.delivery.flush(options.timeoutMs)
  }

  /**
   * Flushes, then stops the timers; events logged afterwards are dropped. Then gives back what the
   * budget leases of its wrappers hold, rather than leaving it held on the api until it expires.
   */
  async shutdown(options: FlushOptions = {}): Promise<FlushResult> {
    const result = await this.delivery.shutdown(options.timeoutMs)
    await releaseLeases(this, options.timeoutMs)
    return result
  }

  /** The OpenAI client the builder calls (created on first use from `options.openai`). */
  readonly openai: () => Promise<OpenAIClientLike> = reuseOnceCreated(() => {
    const option = this.options.openai
    return isOpenAIClient(option) ? Promise.resolve(option) : createOpenAIClient(option ?? {})
  })

  /** The Anthropic client the builder calls (created on first use from `options.anthropic`). */
  readonly anthropic: () => Promise<AnthropicClientLike> = reuseOnceCreated(() => {
    const option = this.options.anthropic
    return isAnthropicClient(option) ? Promise.resolve(option) : createAnthropicClient(option ?? {})
  })

  /** @internal Whether the builder checks budgets (`checkBudgets`, default true). */
  get checksBudgets(): boolean {
    return this.options.checkBudgets !== false
  }

  /** @internal The builder's budget check: the call's user (or the defaults' user) and organization. */
  async checkBudget(
    attribution: Attribution,
    estimatedCost?: string,
    options?: { reserve?: boolean },
  ): Promise<BudgetCheckResult | null> {
    if (this.options.checkBudgets === false) return null
    try {
      return await this.queryBudget(attribution, estimatedCost, options)
    } catch (error) {
      this.reportError(new BudgetCheckFailedError(error))
      return null
    }
  }

  /**
   * @internal The budget check itself, for the call's user (or the defaults' user): rejects when
   * the api cannot answer within `budgetCheckTimeoutMs`, so the caller decides to fail open or closed.
   * With `reserve` and an estimate, a check that passes holds `estimatedCost` for the call
   * (`result.reservation`; null when no budget with a limit applies).
   */
  queryBudget(
    attribution: Attribution,
    estimatedCost?: string,
    options?: { reserve?: boolean },
  ): Promise<BudgetCheckResult> {
    const { userId, user, projectId, project } = mergeAttribution(this.defaults, attribution)
    return this.client.budgets.check.query(
      {
        ...budgetUser(userId, user),
        ...budgetProject(projectId, project),
        ...(estimatedCost ? { estimatedCost } : {}),
        // Only an estimate can be held: a call without one is checked, holding nothing.
        ...(options?.reserve && estimatedCost ? { reserve: true } : {}),
      },
      { signal: AbortSignal.timeout(this.options.budgetCheckTimeoutMs ?? 3_000) },
    )
  }

  /**
   * @internal Gives a budget reservation back (a call that was never made, a lease whose calls
   * ended). Never rejects: a failure goes to `onError`, and the api drops the reservation when it expires.
   */
  async releaseReservation(id: string): Promise<void> {
    try {
      await this.client.budgets.releaseReservation.mutate(
        { reservationId: id },
        { signal: AbortSignal.timeout(this.options.budgetCheckTimeoutMs ?? 3_000) },
      )
    } catch (error) {
      this.reportError(new ReservationReleaseFailedError(id, error))
    }
  }

  /** @internal Hands a problem to `onError`; an `onError` that throws never reaches the call. */
  reportError(error: TokenledgerError): void {
    try {
      this.options.onError?.(error)
    } catch {
      // Reporting never breaks the app.
    }
  }

  /** @internal Asks the call's user to confirm going past the budget; null when the call names no user. */
  async requestOverride(
    attribution: Attribution,
    estimatedCost?: string,
  ): Promise<BudgetOverrideRequest | null> {
    const { userId, user, projectId, project } = mergeAttribution(this.defaults, attribution)
    if (userId == null && user == null) return null
    return this.client.budgets.requestOverride.mutate({
      ...budgetUser(userId, user),
      ...budgetProject(projectId, project),
      ...(estimatedCost ? { estimatedCost } : {}),
    })
  }

  /** @internal Cancelled, expired, used or unknown overrides are not usable: the user must confirm again. */
  async overrideUsable(id: string): Promise<boolean> {
    const override = await this.client.budgets.getOverride.query({ overrideId: id }).catch(() => null)
    return override?.status === 'confirmed' && !override.expired
  }

  /** @internal How the builder and the wrappers log a call through this Tokenledger. */
  callContext(
    attribution: Attribution,
    onOutcome?: (outcome: CallOutcome) => void,
    fields?: CallContext['fields'],
  ): CallContext {
    return {
      log: (event) => this.log(event),
      attribution,
      ...(fields ? { fields } : {}),
      maxContentChars: this.options.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS,
      ...(onOutcome ? { onOutcome } : {}),
    }
  }
}

/** The user a budget call names, in whichever form the attribution has it. */
function budgetUser(userId: number | undefined, user: UserRef | undefined) {
  return user != null ? { user } : userId != null ? { userId } : {}
}

/** The call's project, in whichever form the attribution has it (the api refuses both). */
function budgetProject(projectId: number | undefined, project: ProjectRef | undefined) {
  return project != null ? { project } : projectId != null ? { projectId } : {}
}
