// Random values in the shapes the providers, numbering plans and issuers publish.
import {
  ALNUM,
  B64,
  B64URL,
  BASE32,
  DIGITS,
  fullWidthDigits,
  group,
  HEX,
  LOWER,
  luhnNumber,
  type Rng,
  UPPER,
} from './random'

// ---- people and addresses -------------------------------------------------------------------

export const FIRST = [
  'jane',
  'omar',
  'wei',
  'priya',
  'mateo',
  'sofia',
  'noah',
  'amara',
  'kenji',
  'ingrid',
].concat(['lucas', 'fatima', 'oliver', 'chloe', 'raj', 'yuki', 'elena', 'david', 'hannah', 'tariq'])
export const LAST = [
  'doe',
  'haddad',
  'chen',
  'patel',
  'garcia',
  'rossi',
  'mueller',
  'okafor',
  'tanaka',
].concat(['larsen', 'silva', 'khan', 'smith', 'martin', 'sharma', 'sato', 'petrova', 'cohen', 'nguyen'])
export const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme-corp.io', 'mail.example.co.uk']
  .concat(['contoso.com', 'fabrikam.de', 'example.fr', 'northwind.com.au', 'globex.co.jp', 'initech.ca'])
  .concat(['mailbox.example.in', 'example.com.br', 'example.co.il', 'corp.example.cn'])

const cap = (s: string) => s[0]?.toUpperCase() + s.slice(1)

export interface Person {
  first: string
  last: string
  name: string
  email: string
}

export function person(rng: Rng): Person {
  const first = rng.pick(FIRST)
  const last = rng.pick(LAST)
  const domain = rng.pick(DOMAINS)
  const local = rng.pick([
    `${first}.${last}`,
    `${first}_${last}`,
    `${first[0]}${last}`,
    `${first}.${last}+${rng.pick(['billing', 'ai', 'news', 'work'])}`,
    `${first}${rng.int(1, 99)}`,
    `${cap(first)}.${cap(last)}`,
  ])
  return { first, last, name: `${cap(first)} ${cap(last)}`, email: `${local}@${domain}` }
}

// ---- phone numbers --------------------------------------------------------------------------

export interface Phone {
  country: string
  written: string
}

const d = (rng: Rng, n: number) => rng.chars(DIGITS, n)
// Subscriber numbers start 2-9 in most plans (0 is the trunk prefix, 1 often a service range).
const d1 = (rng: Rng, n: number) => String(rng.int(2, 9)) + d(rng, n - 1)
// Allocated mobile prefixes, so numbers are valid in the national plans and not only well-formed.
const CN_MOBILE = [
  '130',
  '131',
  '135',
  '136',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '166',
  '177',
].concat(['180', '186', '188', '189', '199'])
const IN_MOBILE = [
  '98',
  '99',
  '97',
  '96',
  '94',
  '93',
  '91',
  '90',
  '88',
  '87',
  '81',
  '80',
  '79',
  '78',
  '70',
  '63',
]
export const cnMobile = (r: Rng) => `${r.pick(CN_MOBILE)}${d(r, 8)}`
const inMobile = (r: Rng) => `${r.pick(IN_MOBILE)}${d(r, 8)}`

/** A NANP number: area code and exchange start 2-9, exchange not N11. */
function nanp(rng: Rng, areas: readonly string[]): [string, string, string] {
  const area = rng.pick(areas)
  let exchange = String(rng.int(2, 9)) + d(rng, 2)
  if (exchange.slice(1) === '11') exchange = `${exchange[0]}23`
  return [area, exchange, d(rng, 4)]
}

const US_AREAS = ['212', '415', '646', '312', '617', '206', '512', '303', '404', '713', '305', '702']
const CA_AREAS = ['416', '604', '514', '403', '613', '902']

/** Phone numbers in each country's national and international written forms. */
export const PHONE_FORMATS: Record<string, Array<(rng: Rng) => string>> = {
  US: [
    (r) => {
      const [a, e, n] = nanp(r, US_AREAS)
      return `(${a}) ${e}-${n}`
    },
    (r) => nanp(r, US_AREAS).join('-'),
    (r) => nanp(r, US_AREAS).join('.'),
    (r) => `+1 ${nanp(r, US_AREAS).join(' ')}`,
    (r) => `+1-${nanp(r, US_AREAS).join('-')}`,
    (r) => `1-${nanp(r, US_AREAS).join('-')}`,
    (r) => {
      // 3 + 7 digits with one space, as some CRMs export them.
      const [a, e, n] = nanp(r, US_AREAS)
      return `${a} ${e}${n}`
    },
    (r) => `001 ${nanp(r, US_AREAS).join(' ')}`,
    (r) => `+1${nanp(r, US_AREAS).join('')}`,
  ],
  CA: [
    (r) => {
      const [a, e, n] = nanp(r, CA_AREAS)
      return `(${a}) ${e}-${n}`
    },
    (r) => `+1 (${nanp(r, CA_AREAS)[0]}) ${String(r.int(2, 9))}${d(r, 2)}-${d(r, 4)}`,
    (r) => nanp(r, CA_AREAS).join('-'),
  ],
  GB: [
    (r) => `07700 900${d(r, 3)}`,
    (r) => `07${r.pick(['911', '400', '890', '723'])} ${d(r, 6)}`,
    (r) => `+44 7${r.pick(['911', '400', '890', '723', '700'])} ${d(r, 6)}`,
    (r) => `020 7946 0${d(r, 3)}`,
    (r) => `+44 (0)20 7946 0${d(r, 3)}`,
    (r) => `0161 496 0${d(r, 3)}`,
    (r) => `0044 20 7946 0${d(r, 3)}`,
  ],
  DE: [
    (r) => `030 ${d1(r, 8)}`,
    (r) => `089 ${d1(r, 7)}`,
    (r) => `${r.pick(['0151', '0160', '0171', '0176'])} ${d1(r, 8)}`,
    (r) => `+49 30 ${d1(r, 8)}`,
    (r) => `+49 (0)89 ${d1(r, 7)}`,
    (r) => `0049 ${r.pick(['171', '152', '176'])} ${d1(r, 7)}`,
    (r) => `+49 ${r.pick(['151', '171'])} ${d1(r, 4)} ${d(r, 4)}`,
  ],
  FR: [
    (r) => `01 ${group(d(r, 8), [2, 2, 2, 2], ' ')}`,
    (r) => `0${r.pick(['6', '7'])} ${group(d(r, 8), [2, 2, 2, 2], ' ')}`,
    (r) => `+33 6 ${group(d(r, 8), [2, 2, 2, 2], ' ')}`,
    (r) => `+33 (0)1 ${group(d(r, 8), [2, 2, 2, 2], ' ')}`,
    (r) => `04.${group(d(r, 8), [2, 2, 2, 2], '.')}`,
    (r) => `0033 1 ${group(d(r, 8), [2, 2, 2, 2], ' ')}`,
  ],
  IN: [
    (r) => group(inMobile(r), [5, 5], ' '),
    (r) => `+91 ${group(inMobile(r), [5, 5], ' ')}`,
    (r) => `+91-${inMobile(r)}`,
    (r) => `0${inMobile(r)}`,
    (r) => `011 ${r.int(2, 4)}${d(r, 3)} ${d(r, 4)}`,
    (r) => `022-${r.int(2, 6)}${d(r, 3)}-${d(r, 4)}`,
  ],
  CN: [
    (r) => cnMobile(r),
    (r) => group(cnMobile(r), [3, 4, 4], ' '),
    (r) => `+86 ${group(cnMobile(r), [3, 4, 4], ' ')}`,
    (r) => `+86 10 ${d1(r, 4)} ${d(r, 4)}`,
    (r) => `010-${d1(r, 8)}`,
    (r) => `0086 ${cnMobile(r)}`,
  ],
  BR: [
    (r) => `(11) 9${d(r, 4)}-${d(r, 4)}`,
    (r) => `(21) ${r.int(2, 5)}${d(r, 3)}-${d(r, 4)}`,
    (r) => `+55 11 9${d(r, 4)}-${d(r, 4)}`,
    (r) => `+55 (21) 9${d(r, 4)} ${d(r, 4)}`,
    (r) => `11 9${d(r, 4)}-${d(r, 4)}`,
  ],
  IL: [
    (r) => `05${r.pick(['0', '2', '3', '4', '8'])}-${d1(r, 3)}-${d(r, 4)}`,
    (r) => `05${r.pick(['0', '2', '4'])}-${d1(r, 7)}`,
    (r) => `05${r.pick(['2', '4'])} ${d1(r, 3)} ${d(r, 4)}`,
    (r) => `+972 5${r.pick(['0', '2', '4'])}-${d1(r, 3)}-${d(r, 4)}`,
    (r) => `03-${r.int(5, 9)}${d(r, 6)}`,
  ],
  AU: [
    (r) => `04${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
    (r) => `(02) ${r.int(8, 9)}${d(r, 3)} ${d(r, 4)}`,
    (r) => `+61 4${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
    (r) => `+61 2 ${r.int(8, 9)}${d(r, 3)} ${d(r, 4)}`,
    (r) => `03 ${r.int(8, 9)}${d(r, 3)} ${d(r, 4)}`,
  ],
  JP: [
    (r) => `0${r.pick(['90', '80', '70'])}-${d1(r, 4)}-${d(r, 4)}`,
    (r) => `03-${r.int(3, 6)}${d(r, 3)}-${d(r, 4)}`,
    (r) => `+81 ${r.pick(['90', '80'])}-${d1(r, 4)}-${d(r, 4)}`,
    (r) => `+81 3 ${r.int(3, 6)}${d(r, 3)} ${d(r, 4)}`,
    (r) => `06-${r.int(6, 6)}${d(r, 3)}-${d(r, 4)}`,
  ],
}

/** The `index`th written form of `country`'s numbers. */
export function phoneFormat(country: string, index: number): (rng: Rng) => string {
  const format = PHONE_FORMATS[country]?.[index]
  if (!format) throw new Error(`no phone format ${country}[${index}]`)
  return format
}

/** A Japanese mobile number written with full-width digits and hyphens (U+FF0D). */

export const fullWidthJapanesePhone = (r: Rng) =>
  fullWidthDigits(`090-${d1(r, 4)}-${d(r, 4)}`).replace(/-/g, '\uFF0D')

// ---- SSNs -----------------------------------------------------------------------------------

/** An SSN that passes the issuance rules (area 001-665/667-899, group 01-99, serial 0001-9999). */
export function ssnDigits(rng: Rng): [string, string, string] {
  let area = rng.int(1, 899)
  if (area === 666) area = 667
  return [
    String(area).padStart(3, '0'),
    String(rng.int(1, 99)).padStart(2, '0'),
    String(rng.int(1, 9999)).padStart(4, '0'),
  ]
}

// ---- cards ----------------------------------------------------------------------------------

export interface Brand {
  name: string
  prefixes: readonly string[]
  length: number
  groups: readonly number[]
}

export const BRANDS: readonly Brand[] = [
  { name: 'Visa', prefixes: ['4'], length: 16, groups: [4, 4, 4, 4] },
  // Legacy 13-digit Visa has no agreed grouping; it is written bare.
  { name: 'Visa 13', prefixes: ['4'], length: 13, groups: [13] },
  { name: 'Mastercard', prefixes: ['51', '52', '53', '54', '55'], length: 16, groups: [4, 4, 4, 4] },
  {
    name: 'Mastercard 2-series',
    prefixes: ['2221', '2300', '2510', '2720'],
    length: 16,
    groups: [4, 4, 4, 4],
  },
  { name: 'Amex', prefixes: ['34', '37'], length: 15, groups: [4, 6, 5] },
  { name: 'Discover', prefixes: ['6011', '65', '644', '649'], length: 16, groups: [4, 4, 4, 4] },
  { name: 'Diners Club', prefixes: ['36', '300', '305'], length: 14, groups: [4, 6, 4] },
  { name: 'JCB', prefixes: ['3528', '3541', '3589'], length: 16, groups: [4, 4, 4, 4] },
  { name: 'UnionPay', prefixes: ['62'], length: 16, groups: [4, 4, 4, 4] },
  { name: 'UnionPay 19', prefixes: ['62'], length: 19, groups: [4, 4, 4, 4, 3] },
  { name: 'Maestro', prefixes: ['6759', '5018', '6304'], length: 16, groups: [4, 4, 4, 4] },
  { name: 'Mir', prefixes: ['2200', '2204'], length: 16, groups: [4, 4, 4, 4] },
  { name: 'RuPay', prefixes: ['6521', '6522', '508'], length: 16, groups: [4, 4, 4, 4] },
]

export const cardNumber = (rng: Rng, brand: Brand) => luhnNumber(rng, rng.pick(brand.prefixes), brand.length)

// ---- provider keys (shapes from the providers' docs and gitleaks' rule descriptions) ----------

const T3 = 'T3BlbkFJ' // base64 of "OpenAI", in the middle of every OpenAI key
export const API_KEYS: Record<string, (r: Rng) => string> = {
  'OpenAI project key': (r) => `sk-proj-${r.chars(B64URL, 74)}${T3}${r.chars(B64URL, 74)}`,
  'OpenAI service-account key': (r) => `sk-svcacct-${r.chars(B64URL, 74)}${T3}${r.chars(B64URL, 74)}`,
  'OpenAI admin key': (r) => `sk-admin-${r.chars(B64URL, 58)}${T3}${r.chars(B64URL, 58)}`,
  'OpenAI legacy key': (r) => `sk-${r.chars(ALNUM, 20)}${T3}${r.chars(ALNUM, 20)}`,
  'Anthropic API key': (r) => `sk-ant-api03-${r.chars(B64URL, 93)}AA`,
  'Anthropic admin key': (r) => `sk-ant-admin01-${r.chars(B64URL, 93)}AA`,
  'Google API key': (r) => `AIza${r.chars(B64URL, 35)}`,
  'GitHub classic PAT': (r) => `ghp_${r.chars(ALNUM, 36)}`,
  'GitHub OAuth token': (r) => `gho_${r.chars(ALNUM, 36)}`,
  'GitHub user-to-server token': (r) => `ghu_${r.chars(ALNUM, 36)}`,
  'GitHub server-to-server token': (r) => `ghs_${r.chars(ALNUM, 36)}`,
  'GitHub refresh token': (r) => `ghr_${r.chars(ALNUM, 36)}`,
  'GitHub fine-grained PAT': (r) => `github_pat_11${r.chars(UPPER + DIGITS, 20)}_${r.chars(ALNUM, 59)}`,
  'GitLab PAT': (r) => `glpat-${r.chars(B64URL, 20)}`,
  'Slack bot token': (r) => `xoxb-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}`,
  'Slack user token': (r) =>
    `xoxp-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 32)}`,
  'Slack webhook URL': (r) =>
    `https://hooks.slack.com/services/T${r.chars(UPPER + DIGITS, 8)}/B${r.chars(UPPER + DIGITS, 10)}/${r.chars(ALNUM, 24)}`,
  'Stripe live secret key': (r) => `sk_live_51${r.chars(ALNUM, 97)}`,
  'Stripe restricted key': (r) => `rk_live_51${r.chars(ALNUM, 97)}`,
  'Stripe test secret key': (r) => `sk_test_${r.chars(ALNUM, 24)}`,
  'Twilio API key': (r) => `SK${r.chars(HEX, 32)}`,
  'SendGrid API key': (r) => `SG.${r.chars(B64URL, 22)}.${r.chars(B64URL, 43)}`,
  'Mailgun API key': (r) => `key-${r.chars(HEX, 32)}`,
  'npm token': (r) => `npm_${r.chars(ALNUM, 36)}`,
  'PyPI token': (r) => `pypi-AgEIcHlwaS5vcmc${r.chars(B64URL, 70)}`,
  'Hugging Face token': (r) => `hf_${r.chars(UPPER + LOWER, 34)}`,
}

export const awsAccessKeyId = (r: Rng) => `${r.pick(['AKIA', 'AKIA', 'ASIA'])}${r.chars(BASE32, 16)}`
export const awsSecret = (r: Rng) => r.chars(`${ALNUM}/+`, 40)
export const azureAccountKey = (r: Rng) => `${r.chars(B64, 86)}==`
export const opaqueSecret = (r: Rng, n = 32) => r.chars(ALNUM, n)

const b64url = (s: string) => Buffer.from(s).toString('base64url')

/** A signed JWT; `short` gives the minimal header and payload some libraries emit. */
export function jwt(r: Rng, short = false): string {
  const header = short ? { alg: 'HS256' } : { alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }
  const now = 1764000000 + r.int(0, 9_000_000)
  const payload = short
    ? { sub: String(r.int(1, 999)) }
    : { sub: `user_${r.chars(ALNUM, 12)}`, iat: now, exp: now + 3600, scope: 'read write' }
  const sigLength = header.alg === 'RS256' ? 342 : header.alg === 'ES256' ? 86 : 43
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${r.chars(B64URL, sigLength)}`
}

// ---- IP addresses ---------------------------------------------------------------------------

export function ipv4(r: Rng): string {
  return r.pick([
    () => `203.0.113.${r.int(1, 254)}`,
    () => `198.51.100.${r.int(1, 254)}`,
    () => `192.0.2.${r.int(1, 254)}`,
    () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
    () => `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  ])()
}

const h16 = (r: Rng) => r.int(0, 0xffff).toString(16)
export function ipv6(r: Rng): string {
  return r.pick([
    () => `2001:db8:${h16(r)}:${h16(r)}::${h16(r)}`,
    () => `2001:db8::${h16(r)}`,
    () => `2a01:4f8:${h16(r)}:${h16(r)}:${h16(r)}:${h16(r)}:${h16(r)}:${h16(r)}`,
    () => `fd12:3456:789a:1::${h16(r)}`,
    () => `2001:0db8:0000:0000:0000:ff00:0042:${r.int(0x1000, 0xffff).toString(16)}`,
    () => `::ffff:${ipv4(r)}`,
  ])()
}

// ---- PEM blocks -----------------------------------------------------------------------------

export interface PemKind {
  name: string
  label: string
  /** Base64 of the DER header each kind starts with, so bodies look like the real thing. */
  bodyStart: string
  bodyLength: number
  lineWidth: number
  headers?: string
}

export const PRIVATE_KEYS: readonly PemKind[] = [
  {
    name: 'PKCS#1 RSA 2048',
    label: 'RSA PRIVATE KEY',
    bodyStart: 'MIIEpAIBAAKCAQEA',
    bodyLength: 1592,
    lineWidth: 64,
  },
  {
    name: 'PKCS#8 RSA 2048',
    label: 'PRIVATE KEY',
    bodyStart: 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ',
    bodyLength: 1624,
    lineWidth: 64,
  },
  {
    name: 'PKCS#8 EC P-256',
    label: 'PRIVATE KEY',
    bodyStart: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg',
    bodyLength: 184,
    lineWidth: 64,
  },
  { name: 'SEC1 EC P-256', label: 'EC PRIVATE KEY', bodyStart: 'MHcCAQEEI', bodyLength: 164, lineWidth: 64 },
  {
    name: 'OpenSSH ed25519',
    label: 'OPENSSH PRIVATE KEY',
    bodyStart: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    bodyLength: 400,
    lineWidth: 70,
  },
  {
    name: 'PKCS#1 RSA 1024',
    label: 'RSA PRIVATE KEY',
    bodyStart: 'MIICXAIBAAKBgQC',
    bodyLength: 812,
    lineWidth: 64,
  },
  {
    name: 'encrypted PKCS#8',
    label: 'ENCRYPTED PRIVATE KEY',
    bodyStart: 'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI',
    bodyLength: 1756,
    lineWidth: 64,
  },
  {
    name: 'legacy encrypted PKCS#1',
    label: 'RSA PRIVATE KEY',
    bodyStart: 'MIIEowIBAAKCAQEA',
    bodyLength: 1588,
    lineWidth: 64,
    headers: 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,',
  },
  { name: 'DSA', label: 'DSA PRIVATE KEY', bodyStart: 'MIIBuwIBAAKBgQD', bodyLength: 592, lineWidth: 64 },
]

export const PUBLIC_BLOCKS: readonly PemKind[] = [
  {
    name: 'RSA public key',
    label: 'PUBLIC KEY',
    bodyStart: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
    bodyLength: 392,
    lineWidth: 64,
  },
  {
    name: 'certificate',
    label: 'CERTIFICATE',
    bodyStart: 'MIIDdzCCAl+gAwIBAgIE',
    bodyLength: 1196,
    lineWidth: 64,
  },
  {
    name: 'EC public key',
    label: 'PUBLIC KEY',
    bodyStart: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
    bodyLength: 124,
    lineWidth: 64,
  },
  {
    name: 'certificate request',
    label: 'CERTIFICATE REQUEST',
    bodyStart: 'MIICvDCCAaQCAQAwdzEL',
    bodyLength: 956,
    lineWidth: 64,
  },
]

/** The lines of a PEM block (BEGIN line, optional headers, body, END line). */
export function pemLines(r: Rng, kind: PemKind): string[] {
  const body = kind.bodyStart + r.chars(B64, kind.bodyLength - kind.bodyStart.length - 2)
  const padded = `${body}${r.pick(['==', 'AA', 'Cg'])}`
  const lines = [`-----BEGIN ${kind.label}-----`]
  if (kind.headers) lines.push(...`${kind.headers}${r.chars('0123456789ABCDEF', 32)}`.split('\n'), '')
  for (let at = 0; at < padded.length; at += kind.lineWidth) lines.push(padded.slice(at, at + kind.lineWidth))
  lines.push(`-----END ${kind.label}-----`)
  return lines
}

export const pem = (r: Rng, kind: PemKind, eol = '\n') => pemLines(r, kind).join(eol)

// ---- identifiers that are not secrets -------------------------------------------------------

export const uuid = (r: Rng) =>
  `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`
export const gitSha = (r: Rng) => r.chars(HEX, 40)
export const integrity = (r: Rng) => `sha512-${r.chars(B64, 86)}==`
export const sha256 = (r: Rng) => r.chars(HEX, 64)
export const ulid = (r: Rng) => `01${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`
