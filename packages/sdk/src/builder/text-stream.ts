import type { GenerateResult } from './text-call'

/**
 * A streamed text generation: iterate it for the text chunks as they arrive, and await `result`
 * for the whole text, usage and duration once the stream ended. The request starts at once;
 * chunks not read yet are buffered. Stopping the iteration early (`break`) cancels the request:
 * the call is logged as cancelled and `result` resolves with the text received so far. A failure
 * rejects both the iteration and `result` (an unread `result` is not an unhandled rejection).
 */
export class TextStream implements AsyncIterable<string> {
  readonly result: Promise<GenerateResult>
  private readonly buffer: string[] = []
  private finished = false
  private failure: { error: unknown } | undefined
  private wakeUp: (() => void) | undefined
  private iterated = false
  private readonly cancel = new AbortController()

  constructor(
    run: (sink: { push: (chunk: string) => void; signal: AbortSignal }) => Promise<GenerateResult>,
  ) {
    this.result = run({ push: (chunk) => this.push(chunk), signal: this.cancel.signal }).then(
      (result) => {
        this.end()
        return result
      },
      (error: unknown) => {
        this.failure = { error }
        this.end()
        throw error
      },
    )
    this.result.catch(() => {})
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    if (this.iterated) throw new Error('a TextStream can be iterated once')
    this.iterated = true
    try {
      while (true) {
        const chunk = this.buffer.shift()
        if (chunk !== undefined) {
          yield chunk
          continue
        }
        if (this.finished) {
          if (this.failure) throw this.failure.error
          return
        }
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve
        })
      }
    } finally {
      if (!this.finished) this.cancel.abort()
    }
  }

  /** The whole text once the stream ended (same as `(await stream.result).text`). */
  async text(): Promise<string> {
    return (await this.result).text
  }

  private push(chunk: string): void {
    this.buffer.push(chunk)
    this.notify()
  }

  private end(): void {
    this.finished = true
    this.notify()
  }

  private notify(): void {
    const wake = this.wakeUp
    this.wakeUp = undefined
    wake?.()
  }
}
