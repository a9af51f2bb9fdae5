/** The parts of the provider SDKs' APIPromise that callers and the SDKs' own helpers use. */
interface APIPromiseLike<T> extends PromiseLike<T> {
  _thenUnwrap?: <U>(transform: (data: T, props?: unknown) => U) => APIPromiseLike<U>
  asResponse?: () => Promise<unknown>
  withResponse?: () => Promise<unknown>
}

/** Boxed, so that awaiting the gate never unwraps the (thenable) APIPromise inside. */
type Started<T> = Promise<{ api: APIPromiseLike<T> }>

/**
 * An APIPromise whose request is made only once `gate` resolves (the budget check): the wrappers
 * must return synchronously what the provider SDK returns, and its helpers (`.parse()`,
 * `.stream()`, `.withResponse()`) chain on it. If the gate rejects, the request is never made and
 * every way of reading the result rejects with the gate's error.
 */
export class GatedAPIPromise<T> extends Promise<T> {
  // Derived promises (then/catch/finally) are plain promises, as with the SDKs' own APIPromise.
  static override get [Symbol.species]() {
    return Promise
  }

  readonly #started: Started<T>
  #result: Promise<T> | undefined

  private constructor(started: Started<T>) {
    super((resolve) => resolve(undefined as T))
    this.#started = started
  }

  /** Runs `start` (which makes the request) with what `gate` resolved to, after it, never before. */
  static after<G, T>(gate: Promise<G>, start: (passed: G) => PromiseLike<T>): GatedAPIPromise<T> {
    return new GatedAPIPromise(gate.then((passed) => ({ api: start(passed) as APIPromiseLike<T> })))
  }

  #value(): Promise<T> {
    this.#result ??= this.#started.then(({ api }) => api)
    return this.#result
  }

  // biome-ignore lint/suspicious/noThenProperty: it is a promise; reading it runs the gated request.
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#value().then(onfulfilled, onrejected)
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#value().catch(onrejected)
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#value().finally(onfinally)
  }

  /** The same request's result, transformed (how `.parse()` is built); the request is made once. */
  _thenUnwrap<U>(transform: (data: T, props?: unknown) => U): GatedAPIPromise<U> {
    return new GatedAPIPromise(
      this.#started.then(({ api }) => ({
        api: api._thenUnwrap
          ? api._thenUnwrap(transform)
          : (Promise.resolve(api).then(transform) as APIPromiseLike<U>),
      })),
    )
  }

  asResponse(): Promise<unknown> {
    return this.#started.then(({ api }) => api.asResponse?.() ?? api)
  }

  withResponse(): Promise<unknown> {
    return this.#started.then(
      ({ api }) => api.withResponse?.() ?? Promise.resolve(api).then((data) => ({ data })),
    )
  }
}
