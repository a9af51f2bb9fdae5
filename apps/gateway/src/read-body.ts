import type { IncomingMessage } from 'node:http'

/** The request body is larger than the gateway accepts. */
export class BodyTooLargeError extends Error {}

/**
 * Reads the whole request body (the gateway needs the JSON to find the model and the prompt).
 * Plain listeners rather than `for await`: the async iterator costs a promise per chunk and
 * its own objects per call, and a request body is usually one chunk.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let bytes = 0
    const onData = (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes <= maxBytes) return void chunks.push(chunk)
      req.off('data', onData)
      // Stop buffering, but keep draining: the refusal is answered on this same connection.
      req.resume()
      reject(new BodyTooLargeError(`the request body is larger than ${maxBytes} bytes`))
    }
    req.on('data', onData)
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)))
    req.once('error', reject)
    // After 'end' this changes nothing; before it, the client went away mid-body.
    req.once('close', () =>
      reject(new Error('the client closed the connection before its request was whole')),
    )
  })
}
