import type { IncomingMessage } from 'node:http'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'

const gunzipAsync = promisify(gunzip)

/** A body the receiver cannot take, with the HTTP status that says why. */
export class OtlpBodyError extends Error {
  constructor(
    readonly status: 413 | 415 | 400,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The request body, gunzipped when `Content-Encoding: gzip` (what OTLP exporters send when
 * compression is on). The cap applies to the bytes received and again to the unzipped bytes, so
 * a small zip bomb cannot expand into gigabytes.
 */
export async function readOtlpBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase()
  if (encoding !== 'gzip' && encoding !== 'identity')
    throw new OtlpBodyError(415, `Content-Encoding ${encoding} is not supported; send gzip or uncompressed`)
  const raw = await readLimited(req, maxBytes)
  if (encoding === 'identity') return raw
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes })
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new OtlpBodyError(413, `the unzipped request body is larger than ${maxBytes} bytes`)
    throw new OtlpBodyError(400, `the body is not valid gzip: ${(error as Error).message}`)
  }
}

async function readLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of req) {
    bytes += (chunk as Buffer).length
    if (bytes > maxBytes) throw new OtlpBodyError(413, `the request body is larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
