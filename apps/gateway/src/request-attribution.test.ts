import { describe, expect, it } from 'vitest'
import { BadHeaderError, providerKey, requestAttribution, tokenledgerKey } from './request-attribution'

describe('requestAttribution', () => {
  it('reads numeric ids, category, purpose and override', () => {
    expect(
      requestAttribution({
        'x-tokenledger-user': '12',
        'x-tokenledger-project': '3',
        'x-tokenledger-document': '44',
        'x-tokenledger-category': 'summarization',
        'x-tokenledger-purpose': 'Weekly digest',
        'x-tokenledger-override': '0F8FAD5B-D9CB-469F-A165-70867728950E',
      }),
    ).toEqual({
      userId: 12,
      projectId: 3,
      documentId: 44,
      category: 'summarization',
      purposeDetail: 'Weekly digest',
      budgetOverrideId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    })
    expect(requestAttribution({})).toEqual({})
  })

  it.each([
    ['x-tokenledger-user', 'user-42', /numeric Tokenledger id.*external-ids/],
    ['x-tokenledger-project', '0', /numeric/],
    ['x-tokenledger-document', '1.5', /numeric/],
    ['x-tokenledger-category', 'poetry', /one of document_analysis/],
    ['x-tokenledger-override', 'not-a-uuid', /UUID/],
  ])('refuses %s: %s', (name, value, message) => {
    expect(() => requestAttribution({ [name]: value })).toThrow(BadHeaderError)
    expect(() => requestAttribution({ [name]: value })).toThrow(message)
  })
})

describe('keys', () => {
  it('takes the Tokenledger key from x-tokenledger-key first, then the bearer token', () => {
    expect(tokenledgerKey({ 'x-tokenledger-key': 'tl_a', authorization: 'Bearer tl_b' })).toBe('tl_a')
    expect(tokenledgerKey({ authorization: 'Bearer tl_b' })).toBe('tl_b')
    expect(tokenledgerKey({ authorization: 'Basic abc' })).toBeUndefined()
  })

  it('accepts the provider key with or without Bearer', () => {
    expect(providerKey({ 'x-provider-authorization': 'Bearer sk-1' })).toBe('sk-1')
    expect(providerKey({ 'x-provider-authorization': 'sk-ant-2' })).toBe('sk-ant-2')
    expect(providerKey({})).toBeUndefined()
  })
})
