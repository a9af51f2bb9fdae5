import { describe, expect, it } from 'vitest'
import { findSensitive } from './find-sensitive'
import { redact } from './redact'
import { mergeSummaries } from './summary'
import { REDACTION_TYPES } from './types'

const MIXED =
  "Hi, I'm Dana (dana.r@example.com, +1 415 555 0147). My card 4111 1111 1111 1111 was declined from IP 203.0.113.42. " +
  'SSN 287-65-4312, key sk_live_ReTllpYQYfIZu2Jnf2lAPFjD, AWS AKIAHDFREAEYKY4WJPWV, backup to bob@example.org.'

describe('redact', () => {
  it('replaces each finding with a typed marker and counts per type', () => {
    const result = redact(MIXED)
    expect(result.text).toBe(
      "Hi, I'm Dana ([REDACTED:email], [REDACTED:phone]). My card [REDACTED:credit_card] was declined from IP [REDACTED:ip_address]. " +
        'SSN [REDACTED:ssn], key [REDACTED:api_key], AWS [REDACTED:aws_key], backup to [REDACTED:email].',
    )
    expect(result.summary).toEqual({
      email: 2,
      phone: 1,
      credit_card: 1,
      ip_address: 1,
      ssn: 1,
      api_key: 1,
      aws_key: 1,
    })
    expect(result.redacted).toBe(true)
  })

  it('returns clean text unchanged with an empty summary', () => {
    const text = 'Explain the difference between TCP and UDP in two sentences.'
    expect(redact(text)).toEqual({ text, summary: {}, redacted: false })
    expect(redact('')).toEqual({ text: '', summary: {}, redacted: false })
  })

  it('is idempotent: redacting redacted text changes nothing', () => {
    const once = redact(MIXED)
    const twice = redact(once.text)
    expect(twice.text).toBe(once.text)
    expect(twice.redacted).toBe(false)
    expect(twice.summary).toEqual({})
  })

  it('leaves existing markers alone, even next to values that look like secrets', () => {
    const text = 'The user wrote [REDACTED:email] and [REDACTED:phone]; api_key=[REDACTED:api_key]'
    expect(redact(text).text).toBe(text)
  })

  it('gives overlapping candidates to the most specific type', () => {
    // An AWS secret is also a labeled secret assignment; the AWS rule wins.
    expect(redact('aws_secret_access_key = wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s').summary).toEqual({
      aws_key: 1,
    })
    // A URL password is a credential, not the local part of an email address.
    expect(redact('postgres://admin:S3cr3tP4ss@db.example.com/app').summary).toEqual({ api_key: 1 })
  })
})

describe('findSensitive', () => {
  it('returns sorted, non-overlapping findings', () => {
    const findings = findSensitive(`${MIXED}\n${MIXED}`)
    expect(findings.length).toBe(16)
    for (let i = 1; i < findings.length; i++) {
      const prev = findings[i - 1]
      const cur = findings[i]
      expect(prev && cur && prev.end <= cur.start).toBe(true)
    }
  })

  it('uses only the declared types', () => {
    for (const f of findSensitive(MIXED)) expect(REDACTION_TYPES).toContain(f.type)
  })
})

describe('mergeSummaries', () => {
  it('adds counts per type and skips empty summaries', () => {
    expect(mergeSummaries({ email: 1, phone: 2 }, {}, { email: 3, api_key: 1 })).toEqual({
      email: 4,
      phone: 2,
      api_key: 1,
    })
  })

  it('returns an empty summary for no input', () => {
    expect(mergeSummaries()).toEqual({})
  })
})
