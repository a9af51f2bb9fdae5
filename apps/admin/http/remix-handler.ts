import type { IncomingHttpHeaders } from 'node:http'
import {
  type AppLoadContext,
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from '@remix-run/node'
import type { Request as ExpressRequest, Response as ExpressResponse, NextFunction } from 'express'

/**
 * Remix's express adapter (@remix-run/express createRequestHandler), except that the body handed
 * to Remix is the one the server already read within its size limit (`res.locals.body`), instead
 * of the socket streamed without any limit.
 */
export function remixHandler(
  build: ServerBuild,
  getLoadContext: (req: ExpressRequest) => AppLoadContext,
  trustProxy: boolean,
) {
  const handle = createRequestHandler(build, 'production')
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = remixRequest(req, res, res.locals.body as Buffer | undefined, trustProxy)
      await sendResponse(res, await handle(request, getLoadContext(req)))
    } catch (error) {
      next(error)
    }
  }
}

function remixRequest(
  req: ExpressRequest,
  res: ExpressResponse,
  body: Buffer | undefined,
  trustProxy: boolean,
): Request {
  // req.hostname and req.protocol follow the "trust proxy" setting; the port too, here (the
  // adapter took X-Forwarded-Host's port from anyone).
  const port = [trustProxy ? req.get('X-Forwarded-Host') : undefined, req.get('host')]
    .map((host) => Number.parseInt(host?.split(':')[1] ?? '', 10))
    .find(Number.isSafeInteger)
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
  let controller: AbortController | null = new AbortController()
  // Abort loaders and actions once the response can no longer be written.
  res.on('finish', () => {
    controller = null
  })
  res.on('close', () => controller?.abort())
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(url.href, {
    method: req.method,
    headers: fetchHeaders(req.headers),
    signal: controller.signal,
    body: hasBody ? new Uint8Array(body ?? Buffer.alloc(0)) : undefined,
  })
}

function fetchHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : value ? [value] : []) result.append(name, one)
  }
  return result
}

async function sendResponse(res: ExpressResponse, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  // entries() yields each Set-Cookie on its own; append keeps them apart.
  for (const [name, value] of response.headers.entries()) res.append(name, value)
  if (response.headers.get('content-type')?.match(/text\/event-stream/i)) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}
