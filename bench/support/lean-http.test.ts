import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunkedEnd, headerValue, LeanConnection, LeanPool, requestBytes } from './lean-http'

describe('chunkedEnd', () => {
  it('finds the end of a complete chunked body, and waits for an incomplete one', () => {
    const body = Buffer.from('5\r\nhello\r\n3\r\n!!!\r\n0\r\n\r\n')
    expect(chunkedEnd(body)).toBe(body.length)
    expect(chunkedEnd(body.subarray(0, body.length - 1))).toBe(-1)
    expect(chunkedEnd(Buffer.from('5\r\nhel'))).toBe(-1)
    expect(() => chunkedEnd(Buffer.from('zz\r\n'))).toThrow(/malformed chunk size/)
  })
})

describe('headerValue', () => {
  it('reads a header of a lower-cased header block', () => {
    const head = 'http/1.1 200 ok\r\nx-tokenledger-overhead-ms: 0.042\r\ncontent-length: 7'
    expect(headerValue(head, 'x-tokenledger-overhead-ms')).toBe('0.042')
    expect(headerValue(head, 'content-length')).toBe('7')
    expect(headerValue(head, 'etag')).toBeUndefined()
  })
})

describe('LeanConnection against node:http', () => {
  let server: http.Server
  let url: string
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString()
        if (req.url === '/stream') {
          // Chunked, written in pieces: the client must wait for the last chunk.
          res.writeHead(200, { 'content-type': 'text/event-stream' })
          res.write('data: 1\n\n')
          setTimeout(() => res.end('data: [DONE]\n\n'), 20)
        } else {
          res.writeHead(201, { 'content-type': 'application/json', 'x-echo-length': String(body.length) })
          res.end(JSON.stringify({ echoed: body }))
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sends requests one after another on one keep-alive connection, both framings', async () => {
    const connection = await LeanConnection.open(url)
    const plain = await connection.send(requestBytes(`${url}/json`, { 'x-a': 'b' }, '{"n":1}'))
    expect(plain.status).toBe(201)
    expect(headerValue(plain.head, 'x-echo-length')).toBe('7')
    const streamed = await connection.send(requestBytes(`${url}/stream`, {}, '{}'))
    expect(streamed.status).toBe(200)
    const again = await connection.send(requestBytes(`${url}/json`, {}, 'x'))
    expect(headerValue(again.head, 'x-echo-length')).toBe('1')
    connection.close()
  })

  it('reuses the connections a pool got back and replaces closed ones', async () => {
    const pool = new LeanPool()
    const [first] = await pool.take(url, 1)
    pool.release(url, first ? [first] : [])
    const [second, third] = await pool.take(url, 2)
    expect(second).toBe(first)
    expect(third).not.toBe(first)
    second?.close()
    pool.release(
      url,
      [second, third].filter((c) => c !== undefined),
    )
    const [fourth] = await pool.take(url, 1)
    expect(fourth).toBe(third)
    pool.close()
    fourth?.close()
  })
})
