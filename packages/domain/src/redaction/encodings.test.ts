import { describe, expect, it } from 'vitest'
import { redact } from './redact'

// Every value, in every context the probe used, through every encoding the view decodes: the stored
// text must contain neither the value nor its encoded form. Catches a class, not an example.

const VALUES = {
  email: 'jane.doe@example.com',
  card: '4111111111111111',
  grouped_card: '5555 5555 5555 4444',
  ssn: '287-65-4321',
  api_key: 'sk-proj-SevzWEV_NmNnMndQ5gn6PjFcX_9ay5SEKse8AL0EuYAB0cIgFW7Equ3vCbUbYShvii6L3rBw3WT3BlbkFJ',
  aws_key: 'AKIAVDUOY4BH5TM4MRGK',
  ip: '203.0.113.42',
  phone: '+1 415 555 0147',
}

const CONTEXTS: Record<string, (value: string) => string> = {
  prose: (v) => `please use ${v} for this`,
  'after a newline': (v) => `line one\n${v}\nline two`,
  'after a tab': (v) => `field\t${v}`,
  'CSV column': (v) => `42,${v},7`,
  'after a time': (v) => `at 10:${v}`,
  'inside armor': (v) => `-----BEGIN TRANSCRIPT-----\n${v}\n-----END TRANSCRIPT-----`,
}

const each = (s: string, f: (c: string) => string) => [...s].map(f).join('')
const hex = (c: string, width: number) => (c.codePointAt(0) as number).toString(16).padStart(width, '0')

const json = (s: string) => JSON.stringify(s).slice(1, -1)

// Each encoding turns either the value or the whole line (context included) into what is stored.
const ENCODINGS: Record<string, { value?: (v: string) => string; line?: (s: string) => string }> = {
  plain: {},
  'JSON string': { line: json },
  'JSON string twice': { line: (s) => json(json(s)) },
  encodeURIComponent: { line: encodeURIComponent },
  'percent-encoded bytes': { value: (v) => each(v, (c) => `%${hex(c, 2).toUpperCase()}`) },
  '\\u escapes': { value: (v) => each(v, (c) => `\\u${hex(c, 4)}`) },
  'HTML references': { value: (v) => each(v, (c) => `&#${c.codePointAt(0)};`) },
  'full-width': {
    value: (v) => each(v, (c) => (c > ' ' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)),
  },
  'zero-width spaces': { value: (v) => [...v].join('\u200b') },
  'NBSP and U+2011 separators': { value: (v) => v.replace(/ /g, '\u00a0').replace(/-/g, '\u2011') },
}

const CASES = Object.entries(VALUES).flatMap(([name, value]) =>
  Object.entries(CONTEXTS).flatMap(([where, context]) =>
    Object.entries(ENCODINGS).map(([how, encode]) => {
      const valueInLine = encode.value ? encode.value(value) : value
      const line = context(valueInLine)
      // A line encoding changes the value the same way inside the line.
      const encodedValue = encode.line ? encode.line(valueInLine) : valueInLine
      return {
        label: `${name}, ${where}, ${how}`,
        text: encode.line ? encode.line(line) : line,
        value,
        encodedValue,
      }
    }),
  ),
)

describe('values in every encoding and context', () => {
  it.each(CASES)('$label', ({ text, value, encodedValue }) => {
    const stored = redact(text).text
    expect(stored).not.toContain(value)
    expect(stored).not.toContain(encodedValue)
  })
})
