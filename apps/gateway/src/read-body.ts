import type { IncomingMessage } from 'node:http'

/** The request body is larger than the gateway accepts. */
export class BodyTooLargeError extends Error {}

/** Reads the whole request body (the gateway needs the JSON to find the model and the prompt). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of req) {
    bytes += (chunk as Buffer).length
    if (bytes > maxBytes) throw new BodyTooLargeError(`the request body is larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
