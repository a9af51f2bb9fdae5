/** The parts of the provider SDKs' APIPromise the trackers rely on. */
interface APIPromiseLike<T> extends PromiseLike<T> {
  _thenUnwrap?: <U>(transform: (data: T) => U) => PromiseLike<U>
  asResponse?: () => Promise<unknown>
}

/**
 * `promise` with its result passed through `transform`, as the same kind of APIPromise (so
 * `.withResponse()` and `.asResponse()` keep working). The transform runs when the caller reads
 * the result, as the original parse would.
 */
export function mapAPIPromise<T, U>(promise: PromiseLike<T>, transform: (data: T) => U): PromiseLike<U> {
  const api = promise as APIPromiseLike<T>
  if (typeof api._thenUnwrap === 'function') return api._thenUnwrap(transform)
  return Promise.resolve(promise).then(transform)
}

/**
 * Calls `onFailure` if the request fails (network error, or an error status after the SDK's own
 * retries), and `onResponse` when the response headers arrive; without reading the body.
 */
export function watchRequest(
  promise: PromiseLike<unknown>,
  onResponse: () => void,
  onFailure: (error: unknown) => void,
): void {
  const api = promise as APIPromiseLike<unknown>
  const request = typeof api.asResponse === 'function' ? api.asResponse() : Promise.resolve(promise)
  request.then(onResponse, onFailure).then(undefined, () => {})
}
