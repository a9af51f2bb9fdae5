import { codeAt } from '../chars'
import {
  alnumCharacterClasses,
  characterClasses,
  distinctCharacters,
  looksLikePlaceholder,
  shannonEntropy,
} from '../entropy'
import type { Finding } from '../types'
import { readsAsWords } from '../word-shape'
import { nameWords } from './name-words'
import { PROVIDER_PREFIX } from './provider-keys'

// Cheap anchor: `pass` also covers password, passwd and passphrase.
const SECRET_WORD = /pass|pwd|secret|token|key/gi
const MAX_NAME = 64
const MAX_VALUE = 300
// Names whose last word is `key` only hold a secret with one of these qualifiers before it
// (`api_key`, `secretKey`); `cache_key`, `primary_key` or `public_key` do not.
const KEY_QUALIFIERS = new Set(
  'api secret access private auth signing encryption master client app service account admin session webhook license subscription openai anthropic stripe aws gcp azure github slack bot deploy consumer'.split(
    ' ',
  ),
)
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'secretkey',
  'accesskey',
  'privatekey',
]
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase'])
const NOT_A_VALUE = new Set([
  'true',
  'false',
  'null',
  'none',
  'nil',
  'undefined',
  'password',
  'secret',
  'token',
])
const LONGEST_NOT_A_VALUE = Math.max(...[...NOT_A_VALUE].map((w) => w.length))
// A template or reference (`${…}`, `{{…}}`, `%(…)s`, `<…>`, a call), a path or URL, or anything
// with whitespace: one scan for what were nine tests.
const REFERENCE_OR_CODE = /^(?:[$%{<[(/]|\.\/|~\/)|\$\{|\{\{|%\(|[()<>]|:\/\/|\s/
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// `this.apiKey`, `settings.SECRET_KEY`; the segments of a JWT are far longer than identifiers.
const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]{0,30}(?:\.[A-Za-z_$][\w$]{0,30})+$/
const UPPER_NAME = /^[A-Z0-9]+(?:[_-][A-Z0-9]+)+$/
const SECRET_NAME_END = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|key)\d*$/i
const BEARER = /\bBearer[ \t]{1,8}/gi
// An unquoted value runs to the first of these characters, MAX_VALUE + 1 characters at most.
const UNQUOTED_VALUE = new RegExp(`[^ \\t\\r\\n'"\`,;&)}\\]<>]{1,${MAX_VALUE + 1}}`, 'y')
const BEARER_TOKEN_CHAR = /[A-Za-z0-9._~+/=-]/

/**
 * Secrets identified by their label rather than their shape:
 * - assignments whose name ends in a secret word (`api_key = "…"`, `"client_secret": "…"`,
 *   `DB_PASSWORD=…`), when the value looks random rather than like a name, template or reference;
 * - `Authorization: Bearer <token>`;
 * - the password in `scheme://user:password@host`.
 * Values that start like a provider token are left to the provider rules, which know their shape.
 */
export function detectGenericSecrets(text: string, claimed: readonly Finding[] = []): Finding[] {
  return [...detectAssignments(text, claimed), ...detectBearerTokens(text), ...detectUrlPasswords(text)]
}

/**
 * `claimed`: findings of a detector whose type wins over `api_key` in overlap resolution (the AWS
 * detector's): an assigned value with exactly such a span would be dropped for it there, so it is
 * not validated (`aws_secret_access_key = …` cost this detector about 1.5 µs per value).
 */
function detectAssignments(text: string, claimed: readonly Finding[]): Finding[] {
  const out: Finding[] = []
  const claimedEnds = claimed.length > 0 ? new Map(claimed.map((f) => [f.start, f.end])) : null
  SECRET_WORD.lastIndex = 0
  // test() rather than exec(): no match array per hit, the word is known by its last letter.
  while (SECRET_WORD.test(text)) {
    const wordEnd = SECRET_WORD.lastIndex
    const at = wordEnd - secretWordLength(text.charCodeAt(wordEnd - 1))
    let nameStart = at
    while (nameStart > 0 && at - nameStart < MAX_NAME && isNameChar(text.charCodeAt(nameStart - 1)))
      nameStart--
    let nameEnd = wordEnd
    while (nameEnd < text.length && nameEnd - at < MAX_NAME && isNameChar(text.charCodeAt(nameEnd))) nameEnd++
    // Skip the rest of this identifier (and its value): each character is looked at a bounded
    // number of times.
    SECRET_WORD.lastIndex = nameEnd
    const value = valueAfter(text, nameEnd)
    if (value === null) continue
    SECRET_WORD.lastIndex = value.end
    if (claimedEnds !== null && claimedEnds.get(value.start) === value.end) continue
    const raw = text.slice(value.start, value.end)
    // Provider tokens (`OPENAI_API_KEY=sk-…`) are left to their rules whatever the name says, and
    // this test is cheaper than splitting the name.
    if (PROVIDER_PREFIX.test(raw)) continue
    const kind = secretKind(text.slice(nameStart, nameEnd))
    if (kind === null) continue
    if (kind === 'password' ? !isPasswordLike(raw) : !isRandomSecret(raw)) continue
    out.push({ type: 'api_key', start: value.start, end: value.end })
  }
  return out
}

/** Length of the SECRET_WORD match ending in letter `c`: pas(s), pw(d), secre(t), toke(n), ke(y). */
function secretWordLength(c: number): number {
  switch (c | 0x20) {
    case 115:
      return 4
    case 116:
      return 6
    case 110:
      return 5
    default:
      return 3
  }
}

function isNameChar(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
  )
}

/** Whether an identifier names a secret: 'password', 'key' (for tokens and keys) or null. */
function secretKind(name: string): 'password' | 'key' | null {
  // Most matches (`max_tokens`, `keyboard`, `aws_access_key_id`) fail this before any splitting.
  if (!SECRET_NAME_END.test(name)) return null
  const words = nameWords(name)
  const last = words[words.length - 1]
  if (last === undefined) return null
  const previous = words[words.length - 2]
  if (PASSWORD_WORDS.has(last)) return last === 'pass' && previous === undefined ? null : 'password'
  if (last.endsWith('password') || last.endsWith('passwd')) return 'password'
  if (last === 'key') return previous === undefined || KEY_QUALIFIERS.has(previous) ? 'key' : null
  if (SECRET_SUFFIXES.some((s) => last.endsWith(s))) return 'key'
  return null
}

/**
 * The value assigned after a name: `= v`, `: v`, `:= v`, `=> v`, optionally quoted (then up to
 * the matching quote on the same line) and optionally closing a quoted or bracketed name first.
 */
function valueAfter(text: string, nameEnd: number): { start: number; end: number } | null {
  let i = nameEnd
  // Character codes, not `text[i]`: this runs at every secret word in the text.
  let c = text.charCodeAt(i)
  // " '
  if (c === 34 || c === 39) c = text.charCodeAt(++i)
  // ]
  if (c === 93) i++
  i = skipBlanks(text, i)
  c = text.charCodeAt(i)
  const next = text.charCodeAt(i + 1)
  // := =>, then = and : not doubled (== ::)
  if ((c === 58 && next === 61) || (c === 61 && next === 62)) i += 2
  else if ((c === 61 || c === 58) && next !== c) i++
  else return null
  i = skipBlanks(text, i)
  // @
  if (text.charCodeAt(i) === 64) i++
  const quote = text.charCodeAt(i)
  // ", ', `
  if (quote === 34 || quote === 39 || quote === 96) {
    const start = i + 1
    let end = start
    while (end < text.length && end - start <= MAX_VALUE) {
      const c = text.charCodeAt(end)
      if (c === quote || c === 10) break
      end++
    }
    return text.charCodeAt(end) === quote && end > start ? { start, end } : null
  }
  // Natively: a value can be a few hundred characters, and a loop here read each one in JavaScript.
  UNQUOTED_VALUE.lastIndex = i
  if (!UNQUOTED_VALUE.test(text)) return null
  return { start: i, end: UNQUOTED_VALUE.lastIndex }
}

function skipBlanks(text: string, i: number): number {
  let j = i
  while (j - i < 8) {
    const c = text.charCodeAt(j)
    if (c !== 32 && c !== 9) break
    j++
  }
  return j
}

/** Values that are references, templates, code or names rather than literal secrets. */
function isNotLiteral(value: string): boolean {
  if (PROVIDER_PREFIX.test(value)) return true
  if (value.length <= LONGEST_NOT_A_VALUE && NOT_A_VALUE.has(value.toLowerCase())) return true
  if (REFERENCE_OR_CODE.test(value)) return true
  // Each shape needs a character most secrets lack: its full-match regex is only tried then.
  if (value.includes('.') && DOTTED_IDENTIFIER.test(value)) return true
  if (UPPER_NAME.test(value) || UUID.test(value)) return true
  if (value.includes('@') && EMAIL.test(value)) return true
  return looksLikePlaceholder(value)
}

/**
 * A token or key: long, random-looking, mixing character classes (or a long hex secret). Names made
 * of words (`generateSecretKeyV2Fixture`, `test-token-0123456789abcdef`) are code identifiers and
 * test fixtures, however high their character entropy.
 */
function isRandomSecret(value: string): boolean {
  if (value.length < 16 || isNotLiteral(value) || readsAsWords(value)) return false
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && shannonEntropy(value) >= 3
  return alnumCharacterClasses(value) >= 2 && /\d/.test(value) && shannonEntropy(value) >= 3.5
}

/** A password: at least 8 characters mixing classes, not a reference or a placeholder. */
function isPasswordLike(value: string): boolean {
  if (value.length < 8 || isNotLiteral(value)) return false
  return characterClasses(value) >= 2 && distinctCharacters(value) >= 5
}

function detectBearerTokens(text: string): Finding[] {
  const out: Finding[] = []
  BEARER.lastIndex = 0
  for (let m = BEARER.exec(text); m !== null; m = BEARER.exec(text)) {
    const start = m.index + m[0].length
    let end = start
    while (end < text.length && end - start <= 2048 && BEARER_TOKEN_CHAR.test(text[end] as string)) end++
    BEARER.lastIndex = end
    const token = text.slice(start, end)
    if (token.length >= 20 && !PROVIDER_PREFIX.test(token) && isRandomSecret(token))
      out.push({ type: 'api_key', start, end })
  }
  return out
}

function detectUrlPasswords(text: string): Finding[] {
  const out: Finding[] = []
  let scheme = text.indexOf('://')
  while (scheme !== -1) {
    const userStart = scheme + 3
    let i = userStart
    let colon = -1
    while (i < text.length && i - userStart < 256) {
      const c = text.charCodeAt(i)
      // Unencoded `#` and `?` do occur in pasted passwords; the userinfo still ends at `@` or `/`.
      if (c === 64 || c === 47 || c <= 32) break
      if (c === 58 && colon === -1) colon = i
      i++
    }
    if (codeAt(text, i) === 64 && colon !== -1) {
      const password = text.slice(colon + 1, i)
      if (password.length >= 6 && !isNotLiteral(password) && characterClasses(password) >= 2) {
        out.push({ type: 'api_key', start: colon + 1, end: i })
      }
    }
    scheme = text.indexOf('://', Math.max(scheme + 3, i))
  }
  return out
}
