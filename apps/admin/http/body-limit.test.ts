import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readBodyWithin } from './body-limit'

function request(
  headers: Record<string, string>,
  chunks: Buffer[],
): IncomingMessage & { reads: () => number } {
  const stream = new PassThrough()
  let reads = 0
  stream.on('data', () => reads++)
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk)
    stream.end()
  })
  return Object.assign(stream, { headers, reads: () => reads }) as unknown as IncomingMessage & {
    reads: () => number
  }
}

describe('readBodyWithin', () => {
  it('returns bodies up to the limit', async () => {
    const body = await readBodyWithin(request({}, [Buffer.from('a=1&'), Buffer.from('b=2')]), 7)
    expect(body).toEqual(Buffer.from('a=1&b=2'))
  })

  it('refuses a declared length over the limit without reading', async () => {
    const req = request({ 'content-length': '150000000' }, [Buffer.alloc(10)])
    expect(await readBodyWithin(req, 1024)).toBe('too-large')
    expect(req.reads()).toBe(0)
  })

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const chunks = Array.from({ length: 100 }, () => Buffer.alloc(512))
    expect(await readBodyWithin(request({ 'transfer-encoding': 'chunked' }, chunks), 1024)).toBe('too-large')
  })
})
