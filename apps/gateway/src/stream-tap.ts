import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StreamReader } from './endpoints/endpoint'
import { SseSplitter } from './sse'

/** Sees every chunk of the provider's answer on its way to the client, and may rewrite it. */
export interface Tap {
  /** What to send the client for this chunk (the chunk itself unless the tap filters). */
  chunk(chunk: Buffer): Buffer | string
  /** What is left to send when the provider's answer ends. */
  end(): string
}

/**
 * Server-sent events: events are handed to the reader as they complete. Without filtering, the
 * bytes go to the client untouched as they arrive; with filtering (a usage chunk to hide), each
 * event is sent once it is complete and the reader lets it through.
 */
export function sseTap(reader: StreamReader, filtering: boolean): Tap {
  const splitter = new SseSplitter()
  return {
    chunk(chunk) {
      const events = splitter.push(chunk)
      if (!filtering) {
        for (const event of events) reader.onEvent(event)
        return chunk
      }
      let out = ''
      for (const event of events) if (reader.onEvent(event)) out += event.raw
      return out
    },
    end() {
      const tail = splitter.end()
      // Without filtering, those bytes went out as they arrived.
      return filtering ? tail : ''
    },
  }
}

/** A JSON (or error) body: sent through as it arrives, and kept, up to `maxBytes`, to be read at the end. */
export function bodyTap(maxBytes: number): Tap & { text(): string | undefined } {
  const chunks: Buffer[] = []
  let bytes = 0
  let overflow = false
  return {
    chunk(chunk) {
      if (!overflow && bytes + chunk.length <= maxBytes) {
        chunks.push(chunk)
        bytes += chunk.length
      } else overflow = true
      return chunk
    },
    end: () => '',
    text: () => (overflow ? undefined : Buffer.concat(chunks).toString('utf8')),
  }
}

export interface RelayResult {
  /** The provider's answer was received and sent whole. */
  completed: boolean
  /** Why not: the provider's connection failed or timed out, or the client left. */
  error?: Error
}

/**
 * Pipes the provider's body to the client through the tap, chunk by chunk, honouring the client's
 * back-pressure. Resolves (never rejects) when the body ended or either side went away.
 */
export function relay(upstream: IncomingMessage, res: ServerResponse, tap: Tap): Promise<RelayResult> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (result: RelayResult) => {
      if (settled) return
      settled = true
      upstream.off('data', onData)
      resolve(result)
    }
    // Chunks that arrive together (often a whole small answer and its end) leave in one write:
    // the response is corked until the loop has handled the I/O that was ready, or until `end`.
    let corked = false
    const uncork = () => {
      corked = false
      if (!res.writableEnded) res.uncork()
    }
    const onData = (chunk: Buffer) => {
      const out = tap.chunk(chunk)
      if (!out.length) return
      if (!corked) {
        corked = true
        res.cork()
        setImmediate(uncork)
      }
      if (!res.write(out)) {
        upstream.pause()
        res.once('drain', () => upstream.resume())
      }
    }
    upstream.on('data', onData)
    upstream.once('end', () => {
      const rest = tap.end()
      res.end(rest)
      settle({ completed: true })
    })
    upstream.once('error', (error) => {
      // Headers are out already: all the gateway can do is end the body where it stopped.
      res.destroy(error)
      settle({ completed: false, error })
    })
    upstream.once('close', () => {
      if (!upstream.complete)
        settle({ completed: false, error: new Error('the provider closed the connection mid-answer') })
    })
    res.once('close', () => {
      if (!res.writableFinished) {
        upstream.destroy()
        settle({ completed: false, error: new ClientGoneError() })
      }
    })
  })
}

/** The client closed its connection before the answer was complete. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before the answer was complete')
  }
}
