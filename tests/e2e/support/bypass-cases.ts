import type { RedactionType } from '@tokenledger/domain'

// Inputs of each bypass class a security probe found, with the values that must not survive
// redaction (as written, in the text's own encoding) and the types that must be reported.
export interface BypassCase {
  name: string
  text: string
  secrets: string[]
  types: RedactionType[]
}

// Deterministic "random" strings: the same test values on every run, none of them a live key.
function seeded(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0
    return s / 2 ** 32
  }
}
const next = seeded(42)
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

const CARD = '4111111111111111'
const SSN = '287-65-4321'
const EMAIL = 'jane.doe@example.com'
const OPENAI_KEY = `sk-proj-${pick(B64URL, 74)}T3BlbkFJ${pick(B64URL, 74)}`
const AWS_ID = `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`
const AWS_SECRET = pick(B64, 40)
const GENERIC_SECRET = pick(B64URL, 40)
const KEY_LINES = Array.from({ length: 6 }, () => pick(B64, 64))
const PEM_BEGIN = '-----BEGIN RSA PRIVATE KEY-----'
const PEM_END = '-----END RSA PRIVATE KEY-----'

const b64url = (s: string) => Buffer.from(s).toString('base64url')
const JWT = `${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"1"}')}.${pick(B64URL, 22)}`

export const BYPASS_CASES: BypassCase[] = [
  {
    name: 'values inside a made-up delimited block',
    text: `-----BEGIN TRANSCRIPT-----\nCustomer ${EMAIL} paid with ${CARD}, SSN ${SSN}, key ${OPENAI_KEY}\n-----END TRANSCRIPT-----`,
    secrets: [EMAIL, CARD, SSN, OPENAI_KEY],
    types: ['email', 'credit_card', 'ssn', 'api_key'],
  },
  {
    name: 'values inside a public-key armor block',
    text: `-----BEGIN PUBLIC KEY-----\nnote: ${EMAIL} ${CARD}\n-----END PUBLIC KEY-----`,
    secrets: [EMAIL, CARD],
    types: ['email', 'credit_card'],
  },
  {
    name: 'values right after JSON escapes (as the SDK renders tool calls)',
    text: JSON.stringify({ notes: `card:\n${CARD}\tssn:\t${SSN}\naws:\n${AWS_ID}\nkey:\n${OPENAI_KEY}` }),
    secrets: [CARD, SSN, AWS_ID, OPENAI_KEY],
    types: ['credit_card', 'ssn', 'aws_key', 'api_key'],
  },
  {
    name: 'an escaped assignment inside a JSON string',
    text: JSON.stringify({ config: JSON.stringify({ api_key: GENERIC_SECRET }) }),
    secrets: [GENERIC_SECRET],
    types: ['api_key'],
  },
  {
    name: 'CSV columns and times before the value',
    text: `id,value\n42,${CARD}\n43,${SSN}\nat 10:${CARD}`,
    secrets: [CARD, SSN],
    types: ['credit_card', 'ssn'],
  },
  {
    name: 'percent-encoded values',
    text: `https://example.org/a?to=jane.doe%40example.com&card%3D${CARD}&q=ssn%20${SSN}`,
    secrets: ['jane.doe%40example.com', CARD, SSN],
    types: ['email', 'credit_card', 'ssn'],
  },
  {
    name: 'a private key with double-escaped newlines',
    text: JSON.stringify(JSON.stringify({ key: [PEM_BEGIN, ...KEY_LINES, PEM_END].join('\n') })),
    secrets: KEY_LINES,
    types: ['private_key'],
  },
  {
    name: 'a private key as a JSON array of lines',
    text: JSON.stringify({ key: [PEM_BEGIN, ...KEY_LINES, PEM_END] }, null, 2),
    secrets: KEY_LINES,
    types: ['private_key'],
  },
  {
    name: 'a quoted private key',
    text: ['As you asked:', ...[PEM_BEGIN, ...KEY_LINES, PEM_END].map((l) => `> ${l}`)].join('\n'),
    secrets: KEY_LINES,
    types: ['private_key'],
  },
  {
    name: 'a private key in JavaScript string concatenation',
    text: `const key =\n${[PEM_BEGIN, ...KEY_LINES, PEM_END].map((l) => `  "${l}\\n" +`).join('\n')}\n  ""`,
    secrets: KEY_LINES,
    types: ['private_key'],
  },
  {
    name: 'full-width digits and at sign',
    text: `card ４１１１ １１１１ １１１１ １１１１, mail jane.doe＠example.com`,
    secrets: ['４１１１ １１１１ １１１１ １１１１', 'jane.doe＠example.com'],
    types: ['credit_card', 'email'],
  },
  {
    name: 'no-break and thin-space card separators',
    text: `card 4111\u00a01111\u00a01111\u00a01111 or 5555\u20095555\u20095555\u20094444`,
    secrets: ['4111\u00a01111\u00a01111\u00a01111', '5555\u20095555\u20095555\u20094444'],
    types: ['credit_card'],
  },
  {
    name: 'non-ASCII hyphens in an SSN and a phone number',
    text: `SSN 287\u201165\u20114321, call 415\u2013555\u20130132`,
    secrets: ['287\u201165\u20114321', '415\u2013555\u20130132'],
    types: ['ssn', 'phone'],
  },
  {
    name: 'zero-width characters inside an email address',
    text: `write to jane\u200b.doe@exam\u200cple.com`,
    secrets: ['jane\u200b.doe@exam\u200cple.com', 'ple.com'],
    types: ['email'],
  },
  {
    name: 'an email address with a local part over 64 characters',
    text: `mail ${'a'.repeat(70)}@example.com now`,
    secrets: [`${'a'.repeat(70)}@example.com`],
    types: ['email'],
  },
  {
    name: 'a JWT with short segments',
    text: `Authorization header was ${JWT} yesterday`,
    secrets: [JWT],
    types: ['api_key'],
  },
  {
    name: 'an AWS secret on the line after its label',
    text: `aws_secret_access_key:\n  ${AWS_SECRET}\n`,
    secrets: [AWS_SECRET],
    types: ['aws_key'],
  },
]
