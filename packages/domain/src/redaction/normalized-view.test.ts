import { describe, expect, it } from 'vitest'
import { normalizeForDetection } from './normalized-view'

/** The original text behind view span [start, end). */
function original(text: string, start: number, end: number): string {
  const [s, e] = normalizeForDetection(text).toOriginal(start, end)
  return text.slice(s, e)
}

describe('normalizeForDetection', () => {
  it('returns plain ASCII text as is, without a map', () => {
    const text = 'Contact dana@example.com, card 4111 1111 1111 1111, 12.5 percent.'
    const n = normalizeForDetection(text)
    expect(n.identity).toBe(true)
    expect(n.view).toBe(text)
    expect(n.toOriginal(8, 24)).toEqual([8, 24])
  })

  it('stays the identity when its special characters need no change', () => {
    for (const text of ['grew 12.5% to $4.2M', 'café crème à 5 €', 'C:\\data\\x', '東京都']) {
      const n = normalizeForDetection(text)
      expect(n.view).toBe(text)
      expect(n.identity).toBe(true)
    }
  })

  it.each([
    ['JSON newline and tab', 'a\\nb\\tc', 'a\nb\tc'],
    ['escaped quotes', '{\\"api_key\\":\\"v\\"}', '{"api_key":"v"}'],
    ['double-escaped newline', 'x\\\\ny', 'x\ny'],
    ['triple-escaped quote', '\\\\\\"q', '"q'],
    ['escaped slash', 'http:\\/\\/h', 'http://h'],
    ['unicode escape', 'a\\u0040b.co', 'a@b.co'],
    ['unicode escape of a full-width digit', '\\uff14', '4'],
    ['backslash pair before a letter', 'C:\\\\data', 'C:\\data'],
    ['percent-encoded at sign', 'jane.doe%40example.com', 'jane.doe@example.com'],
    ['percent-encoded equals and space', 'key%3Dv%20w', 'key=v w'],
    ['double percent-encoding', 'a%2540b', 'a@b'],
    ['percent-encoded UTF-8 NBSP', '4111%C2%A01111', '4111 1111'],
    ['full-width digits and at sign', 'ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ ４１１１', 'jane@example.com 4111'],
    ['NBSP, thin and narrow spaces', '4111\u00a01111\u20091111\u202f1111', '4111 1111 1111 1111'],
    ['dash variants', '287\u201165\u20134321 \u2212 \u2010', '287-65-4321 - -'],
    ['zero-width characters', 'ja\u200bne@exa\u200cmple\u2060.com\ufeff\u00ad', 'jane@example.com'],
    ['NFKC compatibility forms', 'ﬁle ① 𝟒', 'file 1 4'],
    ['digits of other scripts', '٤١١١ ४१११ ৪', '4111 4111 4'],
    ['hex escapes', 'a\\x40b', 'a@b'],
    ['HTML character references', 'a&#64;b&#x2E;co &commat; &amp; &ndash;', 'a@b.co @ & -'],
  ])('decodes %s', (_name, text, view) => {
    expect(normalizeForDetection(text).view).toBe(view)
  })

  it('leaves what does not decode alone', () => {
    for (const text of [
      '100%',
      '%zz',
      '%C2',
      '%FF',
      '\\uZZZZ',
      '\\d+',
      'x\\',
      'a&b',
      '&constructor;',
      '&#;',
      '&#xZZ;',
      '&#99999999;',
    ]) {
      expect(normalizeForDetection(text).view).toBe(text)
    }
    // A broken UTF-8 sequence stays; the ASCII byte after it still decodes.
    expect(normalizeForDetection('%C2%41').view).toBe('%C2A')
  })

  it('maps view spans back to whole escapes in the original', () => {
    expect(original('x jane.doe%40example.com y', 2, 22)).toBe('jane.doe%40example.com')
    // `\n4111` in view: the newline is 1 character, the escape 2.
    const json = '{"card":"\\n4111111111111111"}'
    const view = normalizeForDetection(json).view
    const start = view.indexOf('4111')
    expect(original(json, start, start + 16)).toBe('4111111111111111')
    expect(original(json, start - 1, start)).toBe('\\n')
    expect(original('a\\\\\\"b', 1, 2)).toBe('\\\\\\"')
    expect(original('ａ＠ｂ', 0, 3)).toBe('ａ＠ｂ')
  })

  it('covers removed invisible characters inside a span, not around it', () => {
    const text = '\u200bja\u200bne@x.io\u200b'
    const n = normalizeForDetection(text)
    expect(n.view).toBe('jane@x.io')
    expect(original(text, 0, n.view.length)).toBe('ja\u200bne@x.io')
  })

  it('maps every character of an expansion to its source', () => {
    const text = 'aﬃb'
    const n = normalizeForDetection(text)
    expect(n.view).toBe('affib')
    expect(n.toOriginal(1, 4)).toEqual([1, 2])
    expect(n.toOriginal(4, 5)).toEqual([2, 3])
  })

  it('says when decoding may join or split values, so the raw text must be scanned too', () => {
    const needed = (text: string) => normalizeForDetection(text).rawScanNeeded
    expect(needed('{"a":"line\\n\\t\\"q\\" \\\\ \\u000a"}')).toBe(false)
    expect(needed('prose – with dashes — and \u00a0 spaces')).toBe(false)
    expect(needed('4111\u200b1111')).toBe(true)
    expect(needed('4111\u00a01111')).toBe(true)
    expect(needed('a%20b')).toBe(true)
    expect(needed('12\\/26')).toBe(true)
    expect(needed('ｊａｎｅ')).toBe(true)
  })
})
