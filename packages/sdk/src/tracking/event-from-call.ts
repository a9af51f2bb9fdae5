import { MAX_ERROR_MESSAGE_CHARS, type UsageEventInput } from '@tokenledger/contract'
import type { Attribution } from '../attribution'
import type { CallOutcome } from './call-context'

/** The api stores error messages up to this length (cutting longer ones); sending no more saves bytes. */
export { MAX_ERROR_MESSAGE_CHARS }
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
    ...(outcome.requestedModel !== undefined
      ? { metadata: { ...attribution.metadata, requestedModel: outcome.requestedModel } }
      : {}),
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

/**
 * Cuts `text` to at most `max` characters including the marker that says how much was cut, so
 * the result always fits a limit the api enforces. A limit too small for the marker gets a bare cut.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text
  const marker = (removed: number) => `\n[TRUNCATED BY SDK: ${removed} more characters]`
  // The marker's length depends on the count it carries: start from the longest count
  // (text.length) and keep one more character while a shorter count makes room for it.
  let keep = max - marker(text.length).length
  if (keep <= 0) return text.slice(0, backOffSurrogate(text, max))
  while (keep + 1 + marker(text.length - keep - 1).length <= max) keep++
  keep = backOffSurrogate(text, keep)
  return `${text.slice(0, keep)}${marker(text.length - keep)}`
}

/** Moves a cut point off the middle of a surrogate pair, so no half character is sent. */
function backOffSurrogate(text: string, at: number): number {
  const code = text.charCodeAt(at - 1)
  return at > 0 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at
}
