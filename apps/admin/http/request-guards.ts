import type { NextFunction, Request, Response } from 'express'
import { readBodyWithin } from './body-limit'
import { containsNul } from './nul-input'
import { crossOriginRefusal } from './same-origin'

export interface GuardOptions {
  /** Believe X-Forwarded-Host (req.protocol already follows express's "trust proxy"). */
  trustProxy: boolean
  /** The configured public origin (TOKENLEDGER_ADMIN_URL), accepted besides the Host's. */
  publicOrigin: string | null
  maxBodyBytes: number
}

/**
 * What every request passes before Remix sees it: same-origin for anything but GET/HEAD (403),
 * the body read within `maxBodyBytes` into `res.locals.body` (413, connection closed), no NUL in
 * the address or the body (400). Answers are plain text.
 */
export function requestGuards(options: GuardOptions) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const forwardedHost = options.trustProxy ? req.get('x-forwarded-host') : undefined
    const refusal = crossOriginRefusal({
      method: req.method,
      origin: req.get('origin'),
      secFetchSite: req.get('sec-fetch-site'),
      allowedOrigins: [
        `${req.protocol}://${req.get('host')}`,
        ...(forwardedHost ? [`${req.protocol}://${forwardedHost}`] : []),
        ...(options.publicOrigin ? [options.publicOrigin] : []),
      ],
    })
    if (refusal) return refuse(res, 403, `Cross-origin request refused: ${refusal}.`)
    let body: Buffer | null = null
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const read = await readBodyWithin(req, options.maxBodyBytes).catch(() => null)
      if (read === null) return refuse(res, 400, 'The request body could not be read.')
      if (read === 'too-large') {
        // Close the connection: the rest of the body is never read.
        res.setHeader('Connection', 'close')
        res.on('finish', () => req.socket.destroy())
        return refuse(res, 413, `Request bodies are limited to ${options.maxBodyBytes} bytes.`)
      }
      body = read
      res.locals.body = body
    }
    if (containsNul(req.originalUrl, req.get('content-type'), body)) {
      return refuse(res, 400, 'Bad request: text may not contain NUL characters.')
    }
    next()
  }
}

export function refuse(res: Response, status: number, message: string): void {
  res.status(status).type('text/plain').send(message)
}
