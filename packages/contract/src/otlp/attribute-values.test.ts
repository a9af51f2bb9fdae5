import { describe, expect, it } from 'vitest'
import { attributeMap, countAttribute, stringAttribute } from './attribute-values'

describe('attributeMap', () => {
  it('turns OTLP/JSON values into plain ones', () => {
    const map = attributeMap([
      { key: 's', value: { stringValue: 'x' } },
      { key: 'i', value: { intValue: '1200' } },
      { key: 'n', value: { intValue: 7 } },
      { key: 'd', value: { doubleValue: 0.5 } },
      { key: 'b', value: { boolValue: false } },
      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
      { key: 'k', value: { kvlistValue: { values: [{ key: 'team', value: { stringValue: 'sales' } }] } } },
      { key: 'empty', value: {} },
      { key: 'huge', value: { intValue: '99999999999999999999' } },
    ])
    expect(Object.fromEntries(map)).toEqual({
      s: 'x',
      i: 1200,
      n: 7,
      d: 0.5,
      b: false,
      a: ['stop'],
      k: { team: 'sales' },
      empty: null,
      huge: null,
    })
  })

  it('stops walking arrays nested deeper than 8 levels', () => {
    let value: unknown = { stringValue: 'deep' }
    for (let i = 0; i < 20; i++) value = { arrayValue: { values: [value] } }
    let walked = attributeMap([{ key: 'x', value }]).get('x')
    let depth = 0
    while (Array.isArray(walked)) {
      walked = walked[0]
      depth++
    }
    expect({ depth, walked }).toEqual({ depth: 8, walked: null })
  })

  it('reads counts and strings by the first key present', () => {
    const map = attributeMap([
      { key: 'old', value: { intValue: '5' } },
      { key: 'text', value: { stringValue: '12' } },
      { key: 'negative', value: { intValue: '-3' } },
      { key: 'blank', value: { stringValue: '  ' } },
    ])
    expect(countAttribute(map, 'new', 'old')).toBe(5)
    expect(countAttribute(map, 'text')).toBe(12)
    expect(countAttribute(map, 'negative')).toBeUndefined()
    expect(stringAttribute(map, 'blank', 'old')).toBe('5')
  })
})
