import { describe, expect, it } from 'vitest'
import { readsAsWords } from './word-shape'

describe('readsAsWords', () => {
  it.each([
    'generateSecretKeyV2Fixture',
    'testApiKeyForUnitTests123',
    'test-token-0123456789abcdef',
    'fixture_api_key_1234567890',
    'accessTokenAbc123Def456',
    'userIdForDbTests',
    'HTTPServerConfig2',
  ])('accepts the identifier %s', (value) => {
    expect(readsAsWords(value)).toBe(true)
  })

  it.each([
    'X7pQ2mR9tL4wN8kS',
    'Zx8vQ2mR7tLp4Wn9Ks3Jd6Hf',
    'key_live_X7pQ2mR9tL4wN8kS',
    'wq9RxXaPSuq1Wu1P8JHvKbKfttElR',
    '9a038989604e8da62ecddbe2094b16ce1b778be1',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    '1234567890',
  ])('rejects the random-looking %s', (value) => {
    expect(readsAsWords(value)).toBe(false)
  })
})
