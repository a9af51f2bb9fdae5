/** A provider SDK's Stream: async iterable, with the AbortController of its request. */
export type ProviderStream<T> = AsyncIterable<T> & { controller: AbortController }

export interface StreamObserver<T> {
  /** Sees every item in order; return false to hide the item from the consumer. */
  onItem: (item: T) => boolean | undefined
  /** Called once: the stream ended, failed (`error`), or was cancelled (the consumer stopped early or aborted it). */
  onEnd: (end: { error?: unknown; cancelled: boolean }) => void
}

/**
 * The same kind of Stream as `stream` (same class, same controller, so `tee()`,
 * `toReadableStream()` and `controller.abort()` behave as before) that reports its items and its
 * end to `observer`. Observer failures are swallowed: observing never breaks the consumer.
 */
export function observeStream<T, S extends ProviderStream<T>>(stream: S, observer: StreamObserver<T>): S {
  async function* observed(): AsyncGenerator<T> {
    let ended = false
    try {
      for await (const item of stream) {
        if (safely(() => observer.onItem(item)) !== false) yield item
      }
      ended = true
      // The SDKs end a stream quietly when its request is aborted: that is a cancellation too.
      safely(() => observer.onEnd({ cancelled: stream.controller.signal.aborted }))
    } catch (error) {
      if (!ended) {
        ended = true
        safely(() => observer.onEnd({ error, cancelled: false }))
      }
      throw error
    } finally {
      if (!ended) safely(() => observer.onEnd({ cancelled: true }))
    }
  }
  const StreamClass = stream.constructor as new (
    iterator: () => AsyncIterator<T>,
    controller: AbortController,
  ) => S
  return new StreamClass(() => observed(), stream.controller)
}

function safely<R>(fn: () => R): R | undefined {
  try {
    return fn()
  } catch {
    return undefined
  }
}
