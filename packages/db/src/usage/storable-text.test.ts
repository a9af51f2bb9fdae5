import { describe, expect, it } from 'vitest'
import { storableText } from './storable-text'

describe('storableText', () => {
  it('replaces NUL in strings, nested values and keys, leaving everything else as it is', () => {
    const at = new Date(0)
    expect(storableText({ a: 'x\0y', 'k\0': [1, 'z\0', null, { d: at }], n: 5 })).toEqual({
      a: 'x\uFFFDy',
      'k\uFFFD': [1, 'z\uFFFD', null, { d: at }],
      n: 5,
    })
    expect(storableText('plain')).toBe('plain')
  })

  it('replaces unpaired surrogates and keeps pairs (emoji) whole', () => {
    expect(storableText('a\uD800b \uDC00c \uD83D\uDE00 end\uD83D')).toBe(
      'a\uFFFDb \uFFFDc \uD83D\uDE00 end\uFFFD',
    )
    expect(storableText({ 'k\uDFFF': ['\uD83D\uDE00'] })).toEqual({ 'k\uFFFD': ['\uD83D\uDE00'] })
  })

  it('hands back the same object when nothing needs replacing', () => {
    const event = { prompt: 'mail me 😀', metadata: { tags: ['a', 'b'], at: new Date(0) }, n: 1 }
    expect(storableText(event)).toBe(event)
    const changed = storableText({ ...event, metadata: { tags: ['a', 'b\0'] } })
    expect(changed.metadata.tags).toEqual(['a', 'b\uFFFD'])
  })
})
