import { describe, expect, it } from 'vitest'
import { findSensitive } from './find-sensitive'
import { normalizeForDetection } from './normalized-view'
import { redact } from './redact'

// One block per way of writing a value that the detectors used to miss (issue 10's security
// probe). Each asserts the exact stored text: the value is gone in whatever encoding it came, and
// the text around it is untouched.

const KEY = 'sk-proj-SevzWEV_NmNnMndQ5gn6PjFcX_9ay5SEKse8AL0EuYAB0cIgFW7Equ3vCbUbYShvii6L3rBw3WT3BlbkFJ'
const CARD = '4111111111111111'
const BODY = [
  'MIIEpQIBAAKCAQEAn6/O8li+SX4m98LLYt/PKSzEmQ++ZBD7Loh9P13f4yQ92EF3',
  'yxR5MsXFu9PRsrYQA7/4UTPHiC4y2sAVCBg4C2yyBpUEtMQjyCESi6Y=',
]
const BEGIN = '-----BEGIN RSA PRIVATE KEY-----'
const END = '-----END RSA PRIVATE KEY-----'

const stored = (text: string) => redact(text).text

describe('delimited blocks exempt nothing', () => {
  it('redacts values between made-up armor lines', () => {
    const text = `-----BEGIN TRANSCRIPT-----\nuser: jane@example.com, card ${CARD}, ssn 287-65-4321, key ${KEY}\n-----END TRANSCRIPT-----`
    expect(stored(text)).toBe(
      '-----BEGIN TRANSCRIPT-----\nuser: [REDACTED:email], card [REDACTED:credit_card], ssn [REDACTED:ssn], key [REDACTED:api_key]\n-----END TRANSCRIPT-----',
    )
  })

  it('redacts values inside a certificate block that are not its base64 body', () => {
    const text =
      '-----BEGIN CERTIFICATE-----\nMIIBhDCCASmgAwIBAgIU\nowner: jane@example.com\n-----END CERTIFICATE-----'
    expect(stored(text)).toBe(
      '-----BEGIN CERTIFICATE-----\nMIIBhDCCASmgAwIBAgIU\nowner: [REDACTED:email]\n-----END CERTIFICATE-----',
    )
  })

  it('redacts a whole private key that an earlier pass redacted in part', () => {
    const text = `${BEGIN}\n${BODY[0]}\n[REDACTED:api_key]\n${BODY[1]}\n${END}\nthanks`
    expect(stored(text)).toBe('[REDACTED:private_key]\nthanks')
  })
})

describe('JSON string escapes', () => {
  it('finds values right after an escaped newline or tab', () => {
    const text = `{"note":"line1\\n${CARD}\\tAKIAVDUOY4BH5TM4MRGK\\n${KEY}\\n287-65-4321"}`
    expect(stored(text)).toBe(
      '{"note":"line1\\n[REDACTED:credit_card]\\t[REDACTED:aws_key]\\n[REDACTED:api_key]\\n[REDACTED:ssn]"}',
    )
  })

  it('finds labelled secrets in escaped (tool-call argument) JSON', () => {
    const text =
      '{"arguments":"{\\"api_key\\":\\"Zx8vQ2mR7tLp4Wn9Ks3Jd6Hf\\",\\"to\\":\\"jane@example.com\\"}"}'
    expect(stored(text)).toBe(
      '{"arguments":"{\\"api_key\\":\\"[REDACTED:api_key]\\",\\"to\\":\\"[REDACTED:email]\\"}"}',
    )
  })

  it('redacts a value written with \\u escapes, escapes included', () => {
    expect(stored('mail jane\\u0040example.com now')).toBe('mail [REDACTED:email] now')
  })
})

describe('HTML and hex escapes', () => {
  it('decodes character references and \\x escapes', () => {
    expect(stored('<a href="mailto:jane&#64;example&#46;com">jane&commat;example.com</a>')).toBe(
      '<a href="mailto:[REDACTED:email]">[REDACTED:email]</a>',
    )
    expect(stored('"to": "jane\\x40example.com"')).toBe('"to": "[REDACTED:email]"')
  })
})

describe('PEM variants', () => {
  const lines = [BEGIN, ...BODY, END]

  it('redacts a key with double-escaped newlines', () => {
    const text = `{"config": "{\\"key\\": \\"${lines.join('\\\\n')}\\\\n\\"}"}`
    expect(stored(text)).toBe('{"config": "{\\"key\\": \\"[REDACTED:private_key]\\\\n\\"}"}')
  })

  it('redacts a key written as a JSON array of lines', () => {
    expect(stored(`"key": ${JSON.stringify(lines, null, 1)},`)).toBe(
      '"key": [\n "[REDACTED:private_key]"\n],',
    )
  })

  it('redacts a quoted (`> `) key', () => {
    expect(stored(`> ${lines.join('\n> ')}\n> thanks`)).toBe('> [REDACTED:private_key]\n> thanks')
  })

  it('redacts a key built by string concatenation', () => {
    const js = `const k = ${lines.map((l) => JSON.stringify(`${l}\n`)).join(' +\n  ')};`
    expect(stored(js)).toBe('const k = "[REDACTED:private_key]\\n";')
    const python = `k = (${lines.map((l) => `'${l}\\n'`).join('\n     ')})`
    expect(stored(python)).toBe("k = ('[REDACTED:private_key]\\n')")
  })
})

describe('CSV columns and times', () => {
  it('finds a card or SSN right after a numeric column or a time', () => {
    const csv = `id,card,ssn\n42,${CARD},287-65-4321\n43,5555 5555 5555 4444,078-05-1123`
    expect(stored(csv)).toBe(
      'id,card,ssn\n42,[REDACTED:credit_card],[REDACTED:ssn]\n43,[REDACTED:credit_card],[REDACTED:ssn]',
    )
    expect(stored(`at 10:${CARD} and 10:30:287-65-4321`)).toBe(
      'at 10:[REDACTED:credit_card] and 10:30:[REDACTED:ssn]',
    )
  })

  it('still leaves amounts and times alone', () => {
    const text = 'Total $4,111.11 on 2024-01-31 at 10:30:15, ratio 16:9, 1,234,567 rows'
    expect(stored(text)).toBe(text)
  })
})

describe('URL encoding', () => {
  it('decodes %40 in an address and reads past %20 and %3D', () => {
    const text = `u=jane.doe%40example.com&q=card%20${CARD}&x=api_key%3D${KEY}`
    expect(stored(text)).toBe(
      'u=[REDACTED:email]&q=card%20[REDACTED:credit_card]&x=api_key%3D[REDACTED:api_key]',
    )
  })

  it('decodes double encoding', () => {
    expect(stored('next=%2Fprofile%3Fe%3Djane.doe%2540example.com')).toBe(
      'next=%2Fprofile%3Fe%3D[REDACTED:email]',
    )
  })
})

describe('Unicode variants', () => {
  it('reads full-width digits and at sign', () => {
    expect(stored('ｍａｉｌ ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ card ４１１１１１１１１１１１１１１１.')).toBe(
      'ｍａｉｌ [REDACTED:email] card [REDACTED:credit_card].',
    )
  })

  it('reads NBSP and thin-space card separators', () => {
    expect(stored('card 4111\u00a01111\u00a01111\u00a01111 or 4111\u20091111\u202f1111\u20091111')).toBe(
      'card [REDACTED:credit_card] or [REDACTED:credit_card]',
    )
  })

  it('reads non-breaking hyphen and en dash separators in SSNs and phone numbers', () => {
    expect(stored('ssn 287\u201165\u20114321, 287\u201365\u20134321; phone 415\u2011555\u20110132')).toBe(
      'ssn [REDACTED:ssn], [REDACTED:ssn]; phone [REDACTED:phone]',
    )
  })

  it('still finds what the raw text shows when folding joins it to a neighbour', () => {
    expect(stored(`card ${CARD}\u200b5 and ssn 287-65-4321\u00a01234`)).toBe(
      'card [REDACTED:credit_card]\u200b5 and ssn [REDACTED:ssn]\u00a01234',
    )
  })

  it('reads digits of other scripts', () => {
    expect(stored('بطاقة ٤١١١١١١١١١١١١١١١ و ٢٨٧-٦٥-٤٣٢١')).toBe(
      'بطاقة [REDACTED:credit_card] و [REDACTED:ssn]',
    )
  })

  it('sees through zero-width characters inside an address', () => {
    expect(stored('mail ja\u200bne@exa\u200cmple\u2060.com\u200b now')).toBe(
      'mail [REDACTED:email]\u200b now',
    )
  })
})

describe('smaller classes', () => {
  it('redacts an address whose local part is over 64 characters', () => {
    const local = `${'customer.support.escalations.'.repeat(3)}team`
    expect(local.length).toBeGreaterThan(64)
    expect(stored(`write to ${local}@example.com today`)).toBe('write to [REDACTED:email] today')
  })

  it('redacts a JWT with short segments by its header', () => {
    expect(stored('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc here')).toBe(
      'token [REDACTED:api_key] here',
    )
  })
})

describe('whatever the encoding', () => {
  const SAMPLES = [
    `{"args":"{\\"card\\":\\"\\n${CARD}\\",\\"mail\\":\\"jane\\u0040example.com\\"}"}`,
    `q=jane.doe%2540example.com&card=${CARD.replace(/1/g, '%31')}`,
    'ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ ４１１１\u00a0１１１１\u00a0１１１１\u00a0１１１１',
    `-----BEGIN NOTE-----\\n${BEGIN}\\\\n${BODY.join('\\\\n')}\\\\n${END}\\n-----END NOTE-----`,
    `id,ssn\n42,287\u201165\u20114321\n43,${KEY}`,
  ]

  it.each(SAMPLES)('leaves no detected value behind, raw or decoded, in %j', (text) => {
    const result = redact(text)
    expect(result.redacted).toBe(true)
    for (const f of findSensitive(text)) {
      const raw = text.slice(f.start, f.end)
      expect(result.text).not.toContain(raw)
      expect(result.text).not.toContain(normalizeForDetection(raw).view)
    }
    expect(redact(result.text).text).toBe(result.text)
  })
})
