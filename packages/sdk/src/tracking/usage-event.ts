import type { UsageEventInput } from '@tokenledger/api'
import type { Attribution } from '../attribution'
import type { CallOutcome } from './call-context'

/** The api keeps error messages up to this length; longer ones would get the event refused. */
const MAX_ERROR_MESSAGE_CHARS = 20_000
/**
 * Prompts and responses longer than this are cut before they are queued. The api stores at most
 * 200,000 characters (after redaction), so this only bounds memory and request size.
 */
export const DEFAULT_MAX_CONTENT_CHARS = 1_000_000

/** The usage event for one measured call. Redaction happens on the server, before storage. */
export function usageEvent(
  outcome: CallOutcome,
  attribution: Attribution,
  maxContentChars = DEFAULT_MAX_CONTENT_CHARS,
): UsageEventInput {
  const failed = outcome.error !== undefined
  return {
    ...attribution,
    provider: outcome.provider,
    model: outcome.model,
    ...outcome.usage,
    durationMs: Math.max(0, Math.round(outcome.durationMs)),
    success: !failed,
    ...(failed ? { errorMessage: cut(errorMessage(outcome.error), MAX_ERROR_MESSAGE_CHARS) } : {}),
    prompt: cut(outcome.prompt, maxContentChars),
    ...(outcome.response !== undefined ? { response: cut(outcome.response, maxContentChars) } : {}),
    occurredAt: outcome.startedAt.toISOString(),
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

function cut(text: string, max: number): string {
  return text.length > max
    ? `${text.slice(0, max)}\n[TRUNCATED BY SDK: ${text.length - max} more characters]`
    : text
}
