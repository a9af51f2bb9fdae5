import { type RedactionResult, redact } from '@tokenledger/domain'

/**
 * Redacts many texts at once, in any thread; results in the order of the texts. The api's server
 * passes its worker-thread pool; `storeUsageEvents` takes it as a function so this package never
 * loads worker code.
 */
export type RedactTexts = (texts: string[]) => Promise<RedactionResult[]>

/** Redaction in this thread: for callers without a pool (the CLI, tests, small volumes). */
export const redactInThisThread: RedactTexts = async (texts) => texts.map(redact)

/**
 * A `RedactTexts` refuses work because it is full. `storeUsageEvents` lets it through untouched,
 * nothing stored; the api answers "busy, retry" (429).
 */
export class RedactionPoolBusyError extends Error {
  constructor(queuedChars: number, limit: number) {
    super(
      `the server is busy redacting other requests (${queuedChars.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} characters queued); retry shortly`,
    )
    this.name = 'RedactionPoolBusyError'
  }
}
