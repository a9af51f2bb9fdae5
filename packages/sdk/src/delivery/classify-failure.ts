/**
 * What to do with a batch whose request failed:
 * - `retry`: the api may accept it later (network error, timeout, api down, 408, 429, 5xx);
 * - `split`: the request body was too large (413): send fewer events per request;
 * - `drop`: the api refused the request itself (401 invalid key, 400, 404…): sending it again cannot help.
 */
export type FailureAction = 'retry' | 'split' | 'drop'

export function classifyFailure(error: unknown): FailureAction {
  const status = httpStatus(error)
  if (status === undefined) return 'retry'
  if (status === 413) return 'split'
  if (status === 408 || status === 429 || status >= 500) return 'retry'
  if (status >= 400) return 'drop'
  return 'retry'
}

/** The HTTP status a tRPC client error carries (`data.httpStatus`), if the api answered at all. */
export function httpStatus(error: unknown): number | undefined {
  const data = (error as { data?: { httpStatus?: unknown; code?: unknown } } | null)?.data
  if (typeof data?.httpStatus === 'number') return data.httpStatus
  if (data?.code === 'PAYLOAD_TOO_LARGE') return 413
  return undefined
}
