import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ForwardCancelledError, forward } from './forward'

let server: http.Server
let port: number
const seen: { url: string | undefined; authorization: string | undefined; body: string }[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({
        url: req.url,
        authorization: req.headers.authorization,
        body: String(Buffer.concat(chunks)),
      })
      // `/hang` never answers: the call is cancelled first.
      if (req.url?.endsWith('/hang')) return
      res.end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
)

const send = (baseUrl: string, path: string) =>
  forward({ baseUrl, path, headers: {}, body: Buffer.from('{"q":1}'), timeoutMs: 5_000 })

describe('forward', () => {
  it("appends the path to the base URL's own path and sends the body", async () => {
    const response = await send(`http://127.0.0.1:${port}/v1/`, '/chat/completions?x=1').response
    response.resume()
    expect(response.statusCode).toBe(200)
    expect(seen.at(-1)).toMatchObject({ url: '/v1/chat/completions?x=1', body: '{"q":1}' })
  })

  it('sends the credentials a base URL carries, as basic auth', async () => {
    const response = await send(`http://us%40r:p%3Ass@127.0.0.1:${port}/v1`, '/x').response
    response.resume()
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('us@r:p:ss').toString('base64')}`)
  })

  it('rejects with ForwardCancelledError when cancelled before the answer', async () => {
    const asked = seen.length
    const call = send(`http://127.0.0.1:${port}`, '/hang')
    while (seen.length === asked) await new Promise((resolve) => setTimeout(resolve, 5))
    call.cancel()
    await expect(call.response).rejects.toBeInstanceOf(ForwardCancelledError)
  })

  it('refuses a base URL that is not http(s)', async () => {
    await expect(send('ftp://127.0.0.1/v1', '/x').response).rejects.toThrow(/unsupported provider URL/)
  })
})
