/**
 * What to do with a batch whose request failed:
 * - `retry`: the api is unreachable or says it is (network error, timeout, 408, 429, 502, 503,
 *   504): an outage, so the batch is kept and sent again, however long it takes;
 * - `suspect`: the api answered with another server error (500…): it may be down inside (its
 *   database restarting) or one event of the batch may make it fail (a poison event). The batch
 *   is retried, and split when the same batch keeps failing, so a poison event can be found;
 * - `split`: the request body was too large (413): send fewer events per request;
 * - `drop`: the api refused the request itself (401 invalid key, 400, 404…): sending it again cannot help.
 */
export type FailureAction = 'retry' | 'suspect' | 'split' | 'drop'

/** Statuses of an api that is unreachable, restarting or overloaded, whatever the batch holds. */
const OUTAGE_STATUSES = new Set([408, 429, 502, 503, 504])

export function classifyFailure(error: unknown): FailureAction {
  const status = httpStatus(error)
  if (status === undefined) return 'retry'
  if (OUTAGE_STATUSES.has(status)) return 'retry'
  if (status === 413) return 'split'
  if (status >= 500) return 'suspect'
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
