import type { IncomingMessage } from 'node:http'

/** Admin forms are a few kilobytes; nothing the admin accepts comes near this. */
export const MAX_ADMIN_BODY_BYTES = 1024 * 1024

/**
 * Reads a request's whole body into memory, but never more than `limit` bytes: a declared
 * Content-Length over the limit is refused before anything is read, and a body that turns out
 * longer (chunked, or lying about its length) is abandoned as soon as it passes the limit.
 * The caller answers 413 and closes the connection, so the rest is never read.
 */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large')
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > limit) {
        cleanup()
        req.pause()
        resolve('too-large')
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks, total))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}
