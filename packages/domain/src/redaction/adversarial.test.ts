import { describe, expect, it } from 'vitest'
import { redact } from './redact'

const MB = 1024 * 1024

// Inputs built to make a backtracking regex go quadratic or exponential. Each must finish well
// inside the test timeout; throughput is measured by bench/redaction.ts, not asserted here.
const PATHOLOGICAL: Array<[string, string]> = [
  ['digits', '7'.repeat(MB)],
  ['dotted numbers', '1.'.repeat(MB / 2)],
  ['@ run', '@'.repeat(MB)],
  ['long local part then @', `${'a'.repeat(MB - 1)}@`],
  ['a@ pairs', 'a@'.repeat(MB / 2)],
  ['dotted domain without TLD', `x@${'a.'.repeat(MB / 2 - 1)}`],
  ['colons', ':'.repeat(MB)],
  ['hex and colons', '1:'.repeat(MB / 2)],
  ['digit groups', '1 '.repeat(MB / 2)],
  ['plus digit groups', '+1 '.repeat(MB / 3)],
  ['4-digit groups', '4111 '.repeat(MB / 5)],
  ['BEGIN without END', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow'.repeat(MB / 38)],
  [
    'BEGIN with one END at the end',
    `${'-----BEGIN RSA PRIVATE KEY-----\n'.repeat(MB / 32)}-----END RSA PRIVATE KEY-----`,
  ],
  ['base64', 'QUJDRGFiY2QxMjM0K/'.repeat(MB / 18)],
  ['labels without values', 'api_key=token:'.repeat(MB / 14)],
  ['provider prefixes', 'sk-'.repeat(MB / 3)],
  ['provider prefix then a long token', `sk-${'a'.repeat(MB)}`],
  ['webhook prefixes', 'https://hooks.slack.com/services/'.repeat(MB / 33)],
  ['bearer run', 'Bearer '.repeat(MB / 7)],
  ['scheme separators', '://a:b'.repeat(MB / 6)],
  // Many candidates that each look at their context: context lookups must stay bounded.
  ['SSN keywords with numbers', 'ssn 287654312 '.repeat(MB / 14)],
  ['phone keywords with numbers', 'call 4155550132 '.repeat(MB / 16)],
  ['AWS labels', 'aws '.repeat(MB / 4)],
  ['AWS ids and secrets', 'AKIAVDUOY4BH5TM4MRGK wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s '.repeat(MB / 62)],
  [
    'made-up PEM labels',
    Array.from({ length: MB / 36 }, (_, i) => `-----BEGIN K${i} PRIVATE KEY-----`).join('\n'),
  ],
  ['IPv6 loopbacks', '::1 '.repeat(MB / 4)],
  // The normalised view: every character decodes or folds, runs of escapes and lookalikes.
  ['escaped newlines', '\\n'.repeat(MB / 2)],
  ['double-escaped newlines', '\\\\n'.repeat(MB / 3)],
  ['backslashes', '\\'.repeat(MB)],
  ['unicode escapes', '\\u0040'.repeat(MB / 6)],
  ['percent-encoded percent signs', '%25'.repeat(MB / 3)],
  ['percent-encoded at signs', 'a%40'.repeat(MB / 4)],
  ['UTF-8 lead bytes without continuation', '%E2'.repeat(MB / 3)],
  ['zero-width spaces', '\u200b'.repeat(MB)],
  ['full-width digits', '\uff14'.repeat(MB)],
  ['full-width digit groups with NBSP', '\uff14\uff11\uff11\uff11\u00a0'.repeat(MB / 5)],
  ['NFKC ligatures', '\ufb03'.repeat(MB)],
  ['Arabic-Indic digits', '\u0664\u0661'.repeat(MB / 2)],
  ['HTML references', '&#64;'.repeat(MB / 5)],
  ['ampersands', '&'.repeat(MB)],
  ['unterminated references', '&#x4'.repeat(MB / 4)],
  ['hex escapes', 'a\\x40'.repeat(MB / 5)],
  ['JWT anchors', 'eyJ.'.repeat(MB / 4)],
  ['JWT headers without payload', 'eyJhbGciOiJub25lIn0.'.repeat(MB / 20)],
  ['redaction markers', '[REDACTED:email] '.repeat(MB / 17)],
  ['PEM joiners without END', `-----BEGIN RSA PRIVATE KEY-----${'", "'.repeat(MB / 4)}`],
  ['numeric CSV column then card', '42,4111111111111111\n'.repeat(MB / 20)],
  ['comma-joined digit runs', '1,234,'.repeat(MB / 6)],
  ['CSV rows of phone numbers', '7,030 12345678,2026\n'.repeat(MB / 20)],
  ['product tokens before dotted quads', 'Agent/1.2.3.4 '.repeat(MB / 14)],
  ['long names before a slash and a quad', `${'a'.repeat(MB - 8)}/1.2.3.4`],
  ['SAS signature parameters', '&sig='.repeat(MB / 5)],
  ['Han text glued to digits', '号13812345678'.repeat(MB / 12)],
]

describe('redact on adversarial input', () => {
  it.each(PATHOLOGICAL)('completes on 1 MB of %s', { timeout: 10_000 }, (_name, text) => {
    const result = redact(text)
    expect(typeof result.text).toBe('string')
  })
})
