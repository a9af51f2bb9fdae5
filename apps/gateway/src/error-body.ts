import type { Endpoint } from './endpoints/endpoint'

/**
 * An error the gateway itself answers, in the shape the provider's clients parse: OpenAI's
 * `{ error: { message, type, code } }` or Anthropic's `{ type: 'error', error: { type, message } }`.
 * `details` travel beside it under `tokenledger` (budget numbers, the confirmation URL).
 */
export function errorBody(
  provider: Endpoint['provider'] | undefined,
  type: string,
  message: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  const extra = details ? { tokenledger: details } : {}
  if (provider === 'anthropic') return { type: 'error', error: { type, message }, ...extra }
  return { error: { message, type, code: type, param: null }, ...extra }
}
