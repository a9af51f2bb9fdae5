import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { BodyTooLargeError, readBody } from './read-body'

let server: http.Server | undefined
afterEach(
  () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve()
      server.close(() => resolve())
      server.closeAllConnections()
    }),
)

/** A server whose request bodies go through readBody; resolves with what it made of the first one. */
async function serve(maxBytes: number) {
  let outcome: (value: Buffer | Error) => void = () => {}
  const read = new Promise<Buffer | Error>((resolve) => {
    outcome = resolve
  })
  server = http.createServer((req, res) => {
    readBody(req, maxBytes).then(
      (body) => {
        outcome(body)
        res.end('ok')
      },
      (error: Error) => {
        outcome(error)
        if (!res.destroyed) res.end('refused')
      },
    )
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, read }
}

describe('readBody', () => {
  it('joins a body sent in several pieces', async () => {
    const { port, read } = await serve(1_000)
    const req = http.request({ port, method: 'POST', headers: { 'transfer-encoding': 'chunked' } })
    req.write('{"a":')
    await new Promise((resolve) => setTimeout(resolve, 20))
    req.end('1}')
    expect(String(await read)).toBe('{"a":1}')
  })

  it('refuses a body past the limit', async () => {
    const { port, read } = await serve(10)
    http
      .request({ port, method: 'POST' })
      .on('error', () => {})
      .end('x'.repeat(11))
    expect(await read).toBeInstanceOf(BodyTooLargeError)
  })

  it('gives up when the client leaves mid-body', async () => {
    const { port, read } = await serve(1_000)
    const req = http.request({ port, method: 'POST', headers: { 'content-length': '100' } })
    req.on('error', () => {})
    req.write('only a part')
    await new Promise((resolve) => setTimeout(resolve, 20))
    req.destroy()
    expect(await read).toBeInstanceOf(Error)
  })
})
