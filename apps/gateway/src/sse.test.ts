import { describe, expect, it } from 'vitest'
import { eventJson, SseSplitter } from './sse'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('SseSplitter', () => {
  it('yields whole events, holding back a partial one until its end arrives', () => {
    const splitter = new SseSplitter()
    expect(splitter.push(bytes('event: a\ndata: {"x":1}\n\ndata: {"y"'))).toEqual([
      { raw: 'event: a\ndata: {"x":1}\n\n', event: 'a', data: '{"x":1}' },
    ])
    const [second] = splitter.push(bytes(':2}\n\n'))
    expect(second).toEqual({ raw: 'data: {"y":2}\n\n', event: undefined, data: '{"y":2}' })
    expect(splitter.end()).toBe('')
  })

  it('keeps a multi-byte character split across chunks, joins data lines and accepts CRLF', () => {
    const splitter = new SseSplitter()
    const all = bytes('data: "é"\r\ndata: 2\r\n\r\n')
    expect(splitter.push(all.slice(0, 8))).toEqual([])
    const [event] = splitter.push(all.slice(8))
    expect(event?.data).toBe('"é"\n2')
  })

  it('returns an unterminated tail at the end so nothing is swallowed', () => {
    const splitter = new SseSplitter()
    splitter.push(bytes('data: [DONE]'))
    expect(splitter.end()).toBe('data: [DONE]')
  })
})

describe('eventJson', () => {
  it('parses JSON data and ignores [DONE] and garbage', () => {
    expect(eventJson({ raw: '', event: undefined, data: '{"a":1}' })).toEqual({ a: 1 })
    expect(eventJson({ raw: '', event: undefined, data: '[DONE]' })).toBeUndefined()
    expect(eventJson({ raw: '', event: undefined, data: '{oops' })).toBeUndefined()
  })
})
