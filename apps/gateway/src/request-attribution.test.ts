import { describe, expect, it } from 'vitest'
import {
  BadHeaderError,
  providerKey,
  requestAttribution,
  tokenledgerKey,
  withBodyUser,
} from './request-attribution'

describe('requestAttribution', () => {
  it("reads the app's own ids as strings", () => {
    expect(
      requestAttribution({
        'x-tokenledger-user': 'usr_42',
        'x-tokenledger-project': '7',
        'x-tokenledger-document': 'f3b2c1d0-aaaa-4bbb-8ccc-123456789abc',
      }),
    ).toEqual({
      user: { externalId: 'usr_42' },
      // A number in this header is still the app's id, never Tokenledger's.
      project: { externalId: '7' },
      document: { externalId: 'f3b2c1d0-aaaa-4bbb-8ccc-123456789abc' },
    })
  })

  it('reads numeric ids, category, purpose and override', () => {
    expect(
      requestAttribution({
        'x-tokenledger-user-id': '12',
        'x-tokenledger-project-id': '3',
        'x-tokenledger-document-id': '44',
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
    ['x-tokenledger-user-id', 'user-42', /numeric Tokenledger id.*send your own id in x-tokenledger-user$/],
    ['x-tokenledger-project-id', '0', /numeric/],
    ['x-tokenledger-document-id', '1.5', /numeric/],
    ['x-tokenledger-user', 'u'.repeat(256), /x-tokenledger-user is your own id: must be at most 255/],
    ['x-tokenledger-project', 'a\u0007b', /control characters/],
    ['x-tokenledger-category', 'poetry', /one of document_analysis/],
    ['x-tokenledger-override', 'not-a-uuid', /UUID/],
  ])('refuses %s: %s', (name, value, message) => {
    expect(() => requestAttribution({ [name]: value })).toThrow(BadHeaderError)
    expect(() => requestAttribution({ [name]: value })).toThrow(message)
  })

  it('refuses a user named in both forms', () => {
    expect(() =>
      requestAttribution({ 'x-tokenledger-user': 'usr_42', 'x-tokenledger-user-id': '12' }),
    ).toThrow(/either by x-tokenledger-user .* or by x-tokenledger-user-id/)
  })
})

describe('withBodyUser', () => {
  it("takes OpenAI's user field as the app's user id when no header names one", () => {
    expect(withBodyUser({ category: 'general' }, 'usr_body')).toEqual({
      category: 'general',
      user: { externalId: 'usr_body' },
    })
    expect(withBodyUser({ user: { externalId: 'usr_header' } }, 'usr_body')).toEqual({
      user: { externalId: 'usr_header' },
    })
    expect(withBodyUser({ userId: 12 }, 'usr_body')).toEqual({ userId: 12 })
    expect(withBodyUser({}, undefined)).toEqual({})
    // Not usable as an id: the call goes on without it.
    expect(withBodyUser({}, ' padded ')).toEqual({})
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
