import { describe, expect, it } from 'vitest'
import { redact } from '../redaction/redact'
import type { UsageEvent } from '../usage-event'
import { applyRedactions, eventTexts, REDACTION_MARGIN_CHARS, redactEvent } from './redact-event'
import { STORED_CONTENT_CHARS } from './usage-event-limits'

const base: UsageEvent = {
  provider: 'openai',
  model: 'gpt-4o',
  promptTokens: 1,
  completionTokens: 1,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  success: true,
  category: 'general',
}

const EMAIL = 'jane.doe@example.com'
const CARD = '4111 1111 1111 1111'
const SSN = '287-65-4312'
const PHONE = '+1 415 555 0147'
const KEY = 'sk-proj-Xq3vL9tR2mN8bK4wJ7yH1cF6gD5sA0eZ'
const AWS = 'AKIAHDFREAEYKY4WJPWV'
const IP = '203.0.113.42'

describe('redactEvent', () => {
  it('redacts every free-text field, metadata keys, strings and numbers at any depth, and counts them all', () => {
    const { event, summary, redacted, truncated } = redactEvent({
      ...base,
      provider: `openai ${IP}`,
      model: `gpt-4o ${EMAIL}`,
      prompt: `mail ${EMAIL}`,
      response: `card ${CARD}`,
      errorMessage: `ssn ${SSN}`,
      purposeDetail: `call ${PHONE}`,
      taskType: `key ${KEY}`,
      loggable: { type: `aws ${AWS}`, id: `ip ${IP}` },
      idempotencyKey: `k ${EMAIL}`,
      metadata: { [EMAIL]: { deep: [{ v: `x ${SSN}` }], n: 4111111111111111 }, plain: 'ok', count: 3 },
    })
    expect(event).toMatchObject({
      provider: 'openai [REDACTED:ip_address]',
      model: 'gpt-4o [REDACTED:email]',
      prompt: 'mail [REDACTED:email]',
      response: 'card [REDACTED:credit_card]',
      errorMessage: 'ssn [REDACTED:ssn]',
      purposeDetail: 'call [REDACTED:phone]',
      taskType: 'key [REDACTED:api_key]',
      loggable: { type: 'aws [REDACTED:aws_key]', id: 'ip [REDACTED:ip_address]' },
      metadata: {
        '[REDACTED:email]': { deep: [{ v: 'x [REDACTED:ssn]' }], n: '[REDACTED:credit_card]' },
        plain: 'ok',
        count: 3,
      },
    })
    expect(event.idempotencyKey).toMatch(/^k \[REDACTED:email\]#[0-9a-f]{16}$/)
    expect(summary).toEqual({
      ip_address: 2,
      email: 4,
      credit_card: 2,
      ssn: 2,
      phone: 1,
      api_key: 1,
      aws_key: 1,
    })
    expect(redacted).toBe(true)
    expect(truncated).toEqual([])
    expect(JSON.stringify(event)).not.toMatch(/jane|4111|287-65|555 0147|sk-proj|AKIA|203\.0/)
  })

  it('leaves clean events as they are: same values, numbers stay numbers, absent fields stay absent', () => {
    const clean = {
      ...base,
      model: 'claude-3-5-sonnet-20241022',
      loggable: { type: 'estimate', id: 42 },
      idempotencyKey: '550e8400-e29b-41d4-a716-446655440000',
      metadata: { feature: 'estimates', n: 12.5, list: [1, null, true] },
    }
    const result = redactEvent(clean)
    expect(result.event).toEqual({ ...clean, loggable: { type: 'estimate', id: '42' } })
    expect(Object.keys(result.event)).not.toContain('prompt')
    expect(result).toMatchObject({ summary: {}, redacted: false })
  })

  it('drops fields given as undefined and keeps the order of the rest', () => {
    const given = { ...base, prompt: undefined, response: `hi ${EMAIL}`, taskType: undefined }
    const { event } = redactEvent(given)
    expect(Object.keys(event)).toEqual(Object.keys(given).filter((k) => k !== 'prompt' && k !== 'taskType'))
    expect(event.response).toBe('hi [REDACTED:email]')
  })

  it('keeps idempotency keys distinct when they differ only in what was redacted, and equal on retry', () => {
    const key = (k: string) => redactEvent({ ...base, idempotencyKey: k }).event.idempotencyKey
    expect(key(`run-${EMAIL}`)).not.toBe(key('run-bob@example.org'))
    expect(key(`run-${EMAIL}`)).toBe(key(`run-${EMAIL}`))
  })

  it('keeps both values of two metadata keys that redact to the same text', () => {
    const { event } = redactEvent({ ...base, metadata: { [EMAIL]: 1, 'bob@example.org': 2 } })
    expect(event.metadata).toEqual({ '[REDACTED:email]': 1, '[REDACTED:email] #2': 2 })
  })

  it('keeps a __proto__ key of JSON metadata as a plain key', () => {
    const metadata = JSON.parse('{"__proto__": {"mail": "jane.doe@example.com"}, "a": 1}')
    const { event } = redactEvent({ ...base, metadata })
    expect(JSON.stringify(event.metadata)).toBe('{"__proto__":{"mail":"[REDACTED:email]"},"a":1}')
  })

  it('cuts content to its stored length after redaction, as before, when the whole text was redacted', () => {
    const max = STORED_CONTENT_CHARS.prompt
    const prompt = `${EMAIL} ${'x'.repeat(max)}`
    const { event, truncated } = redactEvent({ ...base, prompt })
    const redactedLength = prompt.length - EMAIL.length + '[REDACTED:email]'.length
    expect(event.prompt).toBe(
      `[REDACTED:email] ${'x'.repeat(max - 17)}\n[TRUNCATED: ${redactedLength - max} more characters]`,
    )
    expect(truncated).toEqual(['prompt'])
  })

  it('redacts only a prefix of very long content, and drops its tail so a secret cut in two is not stored', () => {
    const max = STORED_CONTENT_CHARS.response
    const cutAt = max + REDACTION_MARGIN_CHARS
    // 300 long emails shrink the redacted prefix by 16,800 characters, so without dropping the tail
    // the first half of the card number that straddles the end of the prefix would be kept.
    const emails = Array.from(
      { length: 300 },
      (_, i) => `${'a'.repeat(57)}${String(i).padStart(3, '0')}@example.com `,
    ).join('')
    const head = `${emails}${'y'.repeat(cutAt - 8 - emails.length)}`
    const response = `${head}${CARD}${'z'.repeat(1_000_000)}`
    expect(eventTexts({ ...base, response })[2]).toHaveLength(cutAt)
    const { event, summary, truncated } = redactEvent({ ...base, response })
    expect(summary).toEqual({ email: 300 })
    const redactedHead = head.replaceAll(/a{57}\d{3}@example\.com/g, '[REDACTED:email]')
    const kept = redactedHead.length + 8 - REDACTION_MARGIN_CHARS
    expect(event.response).toBe(
      `${redactedHead.slice(0, kept)}\n[TRUNCATED: ${response.length - cutAt + REDACTION_MARGIN_CHARS} more characters]`,
    )
    expect(event.response).not.toContain('4111')
    expect(truncated).toEqual(['response'])
  })

  it('cuts the stored length exactly when the long content had nothing to redact', () => {
    const response = 'x'.repeat(10 * 1024 * 1024)
    const { event } = redactEvent({ ...base, response })
    const max = STORED_CONTENT_CHARS.response
    expect(event.response).toBe(`${'x'.repeat(max)}\n[TRUNCATED: ${response.length - max} more characters]`)
  })

  it('cuts error messages at their own stored length instead of refusing them', () => {
    const errorMessage = 'e'.repeat(50_000)
    const { event, truncated } = redactEvent({ ...base, errorMessage })
    expect(event.errorMessage).toBe(
      `${'e'.repeat(STORED_CONTENT_CHARS.errorMessage)}\n[TRUNCATED: ${50_000 - STORED_CONTENT_CHARS.errorMessage} more characters]`,
    )
    expect(truncated).toEqual(['errorMessage'])
  })

  it('applies redactions done elsewhere (a worker) and refuses a result list of the wrong length', () => {
    const event = { ...base, prompt: `hi ${EMAIL}`, metadata: { a: SSN } }
    const results = eventTexts(event).map(redact)
    expect(applyRedactions(event, results)).toEqual(redactEvent(event))
    expect(() => applyRedactions(event, results.slice(1))).toThrow(
      /expected 5 redactions for this event, got 4/,
    )
    expect(() => applyRedactions(event, [...results, redact('extra')])).toThrow(
      /expected 5 redactions for this event, got 6/,
    )
  })
})
