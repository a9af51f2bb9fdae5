import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { RedactionPoolBusyError, type RedactTexts } from '@tokenledger/db'
import { type RedactionResult, redact } from '@tokenledger/domain'
import type { RedactionJob, RedactionReply } from './messages'

export { RedactionPoolBusyError, type RedactTexts }

export interface RedactionPoolOptions {
  /** Worker threads. Default: one fewer than the cores (at least 1, at most 8), leaving one for the event loop. */
  size?: number
  /**
   * A call whose texts total fewer characters is redacted in this thread: a worker round trip costs
   * more than that (16 K characters of adversarial digits take about 3 ms here).
   */
  inlineBelowChars?: number
  /** Texts are sent to workers in jobs of about this many characters, so several workers share a batch. */
  jobChars?: number
  /** Characters waiting or being redacted, over all calls, beyond which a new call is refused at once. */
  maxQueuedChars?: number
  /** The worker's entry (tests start a failing one). */
  workerUrl?: URL
}

export const REDACTION_POOL_DEFAULTS = {
  inlineBelowChars: 16 * 1024,
  jobChars: 256 * 1024,
  maxQueuedChars: 64 * 1024 * 1024,
} as const

interface PendingJob extends RedactionJob {
  chars: number
  resolve: (results: RedactionResult[]) => void
  reject: (error: Error) => void
}

interface PoolWorker {
  worker: Worker
  job: PendingJob | null
}

const WORKER_URL = new URL('./redaction-worker.mjs', import.meta.url)

/**
 * Redaction off the event loop: the regular expressions and validators of `redact` take about
 * 185 ms per MB of digit-heavy text, which on the main thread would stall every other request.
 * Workers start on first use and never keep the process alive.
 */
export class RedactionPool {
  private readonly size: number
  private readonly options: Required<Omit<RedactionPoolOptions, 'size'>>
  private readonly workers: PoolWorker[] = []
  private readonly queue: PendingJob[] = []
  private queuedChars = 0
  private nextId = 1
  private closed = false
  private warned = false

  constructor(options: RedactionPoolOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(8, availableParallelism() - 1))
    this.options = {
      inlineBelowChars: options.inlineBelowChars ?? REDACTION_POOL_DEFAULTS.inlineBelowChars,
      jobChars: options.jobChars ?? REDACTION_POOL_DEFAULTS.jobChars,
      maxQueuedChars: options.maxQueuedChars ?? REDACTION_POOL_DEFAULTS.maxQueuedChars,
      workerUrl: options.workerUrl ?? WORKER_URL,
    }
  }

  /** Redacts the texts, in workers unless they are few characters; refuses at once when the queue is full. */
  readonly redactAll: RedactTexts = async (texts) => {
    const chars = texts.reduce((sum, t) => sum + t.length, 0)
    if (chars < this.options.inlineBelowChars) return texts.map(redact)
    if (this.closed) throw new Error('the redaction pool is closed')
    if (this.queuedChars + chars > this.options.maxQueuedChars) {
      throw new RedactionPoolBusyError(this.queuedChars, this.options.maxQueuedChars)
    }
    try {
      const parts = await Promise.all(splitIntoJobs(texts, this.options.jobChars).map((j) => this.submit(j)))
      return parts.flat()
    } catch (error) {
      if (this.closed) throw error
      // A worker that cannot start or died must not lose the events: redact here, slower but whole.
      if (!this.warned) {
        this.warned = true
        console.error(`redaction workers failed, redacting on the main thread: ${(error as Error).message}`)
      }
      return texts.map(redact)
    }
  }

  /** Stops the workers; calls still waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new Error('the redaction pool was closed'))
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()))
  }

  private submit(texts: string[]): Promise<RedactionResult[]> {
    const chars = texts.reduce((sum, t) => sum + t.length, 0)
    this.queuedChars += chars
    return new Promise<RedactionResult[]>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, chars, resolve, reject })
      this.dispatch()
    }).finally(() => {
      this.queuedChars -= chars
    })
  }

  private dispatch(): void {
    while (this.queue.length) {
      const idle = this.workers.find((w) => !w.job) ?? this.spawn()
      if (!idle) return
      const job = this.queue.shift() as PendingJob
      idle.job = job
      idle.worker.postMessage({ id: job.id, texts: job.texts } satisfies RedactionJob)
    }
  }

  private spawn(): PoolWorker | undefined {
    if (this.workers.length >= this.size) return undefined
    const entry: PoolWorker = { worker: new Worker(this.options.workerUrl), job: null }
    entry.worker.unref()
    entry.worker.on('message', (reply: RedactionReply) => {
      const job = entry.job
      if (!job || job.id !== reply.id) return
      entry.job = null
      if ('error' in reply) job.reject(new Error(`redaction failed: ${reply.error}`))
      else job.resolve(reply.results)
      this.dispatch()
    })
    // A worker that dies fails its job only; the next job starts a fresh worker.
    const lost = (error: Error) => {
      const index = this.workers.indexOf(entry)
      if (index === -1) return
      this.workers.splice(index, 1)
      entry.job?.reject(error)
      entry.job = null
      if (!this.closed) this.dispatch()
    }
    entry.worker.on('error', lost)
    entry.worker.on('exit', (code) => lost(new Error(`redaction worker exited with code ${code}`)))
    this.workers.push(entry)
    return entry
  }
}

/** Consecutive texts grouped into jobs of about `jobChars` characters (a longer text is a job alone). */
export function splitIntoJobs(texts: string[], jobChars: number): string[][] {
  const jobs: string[][] = []
  let current: string[] = []
  let chars = 0
  for (const text of texts) {
    if (current.length && chars + text.length > jobChars) {
      jobs.push(current)
      current = []
      chars = 0
    }
    current.push(text)
    chars += text.length
  }
  if (current.length) jobs.push(current)
  return jobs
}

let shared: RedactionPool | undefined

/** The process's pool, created on first use. */
export function sharedRedactionPool(): RedactionPool {
  shared ??= new RedactionPool()
  return shared
}
