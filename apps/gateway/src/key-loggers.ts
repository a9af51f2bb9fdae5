import { Tokenledger, type TokenledgerError } from '@tokenledger/sdk'

export interface KeyLoggersOptions {
  /** The api's base URL. */
  apiUrl: string
  /** How many API keys keep a logger at once; the least recently used one is flushed and closed. Default 1,000. */
  maxKeys?: number
  onError?: (error: TokenledgerError) => void
  fetch?: typeof fetch
}

/**
 * One SDK `Tokenledger` per presented API key (its background logger batches, retries with backoff
 * and sends idempotency keys), kept in a small LRU so a gateway serving many keys stays bounded.
 */
export class KeyLoggers {
  private readonly loggers = new Map<string, Tokenledger>()
  private readonly closing = new Set<Promise<unknown>>()

  constructor(private readonly options: KeyLoggersOptions) {}

  get(apiKey: string): Tokenledger {
    let logger = this.loggers.get(apiKey)
    if (logger) {
      // Re-insert: a Map iterates in insertion order, so the first entry is the least recently used.
      this.loggers.delete(apiKey)
    } else {
      logger = new Tokenledger({
        url: this.options.apiUrl,
        apiKey,
        checkBudgets: false,
        ...(this.options.onError ? { onError: this.options.onError } : {}),
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      })
    }
    this.loggers.set(apiKey, logger)
    this.evict()
    return logger
  }

  get size(): number {
    return this.loggers.size
  }

  /** Sends everything queued under every key (and waits for evicted loggers still flushing). */
  async shutdown(timeoutMs?: number): Promise<void> {
    const options = timeoutMs === undefined ? {} : { timeoutMs }
    await Promise.all([...this.loggers.values()].map((l) => l.shutdown(options)))
    await Promise.all(this.closing)
    this.loggers.clear()
  }

  private evict(): void {
    const max = this.options.maxKeys ?? 1_000
    while (this.loggers.size > max) {
      const [oldestKey, oldest] = this.loggers.entries().next().value as [string, Tokenledger]
      this.loggers.delete(oldestKey)
      // Its queued events are still delivered; it just stops taking new ones.
      const closed = oldest.shutdown()
      this.closing.add(closed)
      void closed.finally(() => this.closing.delete(closed))
    }
  }
}
