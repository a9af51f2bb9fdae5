import { describe, expect, it } from 'vitest'
import { KeyLoggers } from './key-loggers'

describe('KeyLoggers', () => {
  it('keeps one logger per key and drops the least recently used beyond the bound', async () => {
    const loggers = new KeyLoggers({ apiUrl: 'http://127.0.0.1:9', maxKeys: 2 })
    const a = loggers.get('tl_a')
    const oldB = loggers.get('tl_b')
    expect(loggers.get('tl_a')).toBe(a)
    loggers.get('tl_c') // evicts tl_b, the least recently used
    expect(loggers.size).toBe(2)
    expect(loggers.get('tl_a')).toBe(a)
    expect(loggers.get('tl_b')).not.toBe(oldB)
    await loggers.shutdown(10)
    expect(loggers.size).toBe(0)
  })
})
