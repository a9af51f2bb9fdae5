import { describe, expect, it } from 'vitest'
import type { StreamReader } from './endpoints/endpoint'
import { bodyTap, sseTap } from './stream-tap'

const bytes = (text: string) => Buffer.from(text)

/** A reader that hides events whose data is "hide" and remembers what it saw. */
function reader(): StreamReader & { seen: string[] } {
  const seen: string[] = []
  return {
    seen,
    onEvent: (event) => {
      seen.push(event.data)
      return event.data !== 'hide'
    },
    result: () => ({
      usage: {
        promptTokens: 0,
        completionTokens: 0,
        cachedTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
    }),
  }
}

describe('sseTap', () => {
  it('without filtering, sends each chunk as it came and still shows the reader every event', () => {
    const r = reader()
    const tap = sseTap(r, false)
    const chunk = bytes('data: a\n\ndata: hi')
    expect(tap.chunk(chunk)).toBe(chunk)
    expect(tap.chunk(bytes('de\n\n'))).toEqual(bytes('de\n\n'))
    expect(tap.end()).toBe('')
    expect(r.seen).toEqual(['a', 'hide'])
  })

  it('with filtering, sends whole events the reader lets through, and the unterminated tail at the end', () => {
    const r = reader()
    const tap = sseTap(r, true)
    expect(tap.chunk(bytes('data: a\n\ndata: hi'))).toBe('data: a\n\n')
    expect(tap.chunk(bytes('de\n\ndata: b\n\n'))).toBe('data: b\n\n')
    tap.chunk(bytes('data: [DONE]'))
    expect(tap.end()).toBe('data: [DONE]')
  })
})

describe('bodyTap', () => {
  it('passes chunks through and keeps the body, unless it outgrows the bound', () => {
    const small = bodyTap(10)
    small.chunk(bytes('{"a":'))
    small.chunk(bytes('1}'))
    expect(small.text()).toBe('{"a":1}')
    const large = bodyTap(4)
    expect(large.chunk(bytes('{"a":1}'))).toEqual(bytes('{"a":1}'))
    expect(large.text()).toBeUndefined()
  })
})
