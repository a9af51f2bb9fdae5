import type { UsageEventInput } from '@tokenledger/contract'
import { USAGE_EVENT_LIMITS } from '@tokenledger/domain'
import { type CallResult, type Endpoint, type JsonObject, MAX_CONTENT_CHARS } from './endpoints/endpoint'
import type { RequestAttribution } from './request-attribution'

/** The api stores at most 20,000 characters of an error message. */
const MAX_ERROR_CHARS = 20_000
/**
 * The provider's end-user field is an id (OpenAI `safety_identifier` takes 64 characters,
 * Anthropic `metadata.user_id` 256): cut, so a caller's huge one cannot push the metadata past the
 * api's 64 KB and get the whole call refused.
 */
const MAX_PROVIDER_USER_CHARS = 256

export interface CallOutcome {
  success: boolean
  /** What was read from the provider's answer (absent when none arrived). */
  result?: CallResult
  error?: string
  /** The provider's HTTP status, when it answered. */
  status?: number
}

export interface CallFacts {
  endpoint: Endpoint
  /** The provider path called, e.g. /chat/completions. */
  path: string
  /** The client's request body. */
  body: JsonObject
  attribution: RequestAttribution
  startedAt: Date
  durationMs: number
  /** The budget check could not be made (the call went ahead unchecked). */
  budgetUnchecked: boolean
  /** What the budget check reserved for this call: storing the event releases it. */
  budgetReservationId?: string | null
}

/** The usage event the api receives for one proxied call, exactly as an SDK would send it. */
export function callEvent(call: CallFacts, outcome: CallOutcome): UsageEventInput {
  const { endpoint, body, result } = { ...call, result: outcome.result }
  const providerUser = endpoint.providerUser(body)?.slice(0, MAX_PROVIDER_USER_CHARS)
  // The api refuses a longer model outright; the call happened and is paid for, so it is logged
  // with the model cut rather than lost.
  const model = (nonEmpty(body.model) ?? result?.model ?? 'unknown').trim()
  const responseModel = result?.model?.slice(0, USAGE_EVENT_LIMITS.modelChars)
  const event: UsageEventInput = {
    provider: endpoint.provider,
    // The requested model, as the SDK logs it; the one that answered goes in the metadata.
    model: model.slice(0, USAGE_EVENT_LIMITS.modelChars),
    ...result?.usage,
    durationMs: Math.round(call.durationMs),
    success: outcome.success,
    taskType: endpoint.taskType,
    occurredAt: call.startedAt.toISOString(),
    metadata: {
      gateway: call.path,
      stream: body.stream === true,
      ...(outcome.status ? { upstreamStatus: outcome.status } : {}),
      ...(responseModel ? { responseModel } : {}),
      ...(providerUser ? { providerUser } : {}),
      ...(call.budgetUnchecked ? { budgetUnchecked: true } : {}),
    },
    ...call.attribution,
    ...(call.budgetReservationId ? { budgetReservationId: call.budgetReservationId } : {}),
  }
  const prompt = endpoint.prompt(body)
  if (prompt) event.prompt = prompt.slice(0, MAX_CONTENT_CHARS)
  if (result?.response) event.response = result.response
  if (outcome.error) event.errorMessage = outcome.error.slice(0, MAX_ERROR_CHARS)
  return event
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}
