import { describe, expect, it } from 'vitest'
import { externalIdBeside, nameText, userLabel, userText } from './labels'

describe('userLabel', () => {
  it('prefers the name, then the email, then the app id, then the row id', () => {
    expect(userLabel({ id: 1, name: 'Ana', email: 'ana@x.test', externalId: 'usr_1' })).toBe('Ana')
    expect(userLabel({ id: 2, name: null, email: 'bo@x.test', externalId: 'usr_2' })).toBe('bo@x.test')
    expect(userLabel({ id: 3, name: null, email: null, externalId: 'usr_3' })).toBe('usr_3')
    expect(userLabel({ id: 4, name: null, email: null, externalId: null })).toBe('user #4')
    expect(userLabel({ id: 5 })).toBe('user #5')
  })

  it('treats an empty name or email as missing', () => {
    expect(userLabel({ id: 6, name: '', email: '', externalId: 'usr_6' })).toBe('usr_6')
  })
})

describe('externalIdBeside', () => {
  it('shows the app id unless the label already is it', () => {
    expect(externalIdBeside('Ana', 'usr_1')).toBe('usr_1')
    expect(externalIdBeside('usr_3', 'usr_3')).toBeNull()
    expect(externalIdBeside('Ana', null)).toBeNull()
    expect(externalIdBeside('Ana', undefined)).toBeNull()
  })
})

describe('nameText', () => {
  it("adds a project's or document's app id unless it is the name", () => {
    expect(nameText('Tower', 'prj_7')).toBe('Tower · prj_7')
    expect(nameText('doc_9', 'doc_9')).toBe('doc_9')
    expect(nameText('Tower', null)).toBe('Tower')
  })
})

describe('userText', () => {
  it('puts label, email and app id on one line without repeating any', () => {
    expect(userText({ id: 1, name: 'Ana', email: 'ana@x.test', externalId: 'usr_1' })).toBe(
      'Ana (ana@x.test) · usr_1',
    )
    expect(userText({ id: 1, name: 'Maya Chen', email: 'maya@acme.example', externalId: null })).toBe(
      'Maya Chen (maya@acme.example)',
    )
    expect(userText({ id: 2, name: null, email: 'bo@x.test', externalId: 'usr_2' })).toBe('bo@x.test · usr_2')
    expect(userText({ id: 3, name: null, email: null, externalId: 'usr_3' })).toBe('usr_3')
    expect(userText({ id: 4, name: null, email: null, externalId: null })).toBe('user #4')
  })
})
