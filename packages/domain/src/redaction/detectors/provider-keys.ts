import { codeAt, isDigit } from '../chars'
import type { Finding } from '../types'
import { isRandomLooking, isTokenChar } from './token-shape'

interface ProviderPattern {
  /** Sticky regex tried at an anchor hit. */
  regex: RegExp
  /** Characters at the start of the match that are fixed prefix, not randomness. */
  prefixLength: (match: string) => number
  /** Extra structure check on the whole match. */
  valid?: (match: string) => boolean
}

const fixed = (n: number) => () => n
const upTo = (re: RegExp) => (m: string) => re.exec(m)?.[0].length ?? 0
const OPENAI_ANTHROPIC_PREFIX = /^sk-(?:ant-(?:api|admin|sid)\d\d-|proj-|svcacct-|admin-|None-)?/

// Token formats published by each provider (and used by gitleaks/secretlint). Unbounded tails are
// a single greedy character class with nothing after it, so a failed match never backtracks.
const PATTERNS: readonly ProviderPattern[] = [
  // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-), Anthropic (sk-ant-api03-…) and other sk- keys.
  {
    regex: /sk-[A-Za-z0-9_-]{20,}/y,
    prefixLength: upTo(OPENAI_ANTHROPIC_PREFIX),
    valid: (m) => m.length - upTo(OPENAI_ANTHROPIC_PREFIX)(m) >= 32,
  },
  // Stripe secret and restricted keys (publishable pk_ keys are public by design), webhook secrets.
  { regex: /[sr]k_(?:live|test|prod)_[A-Za-z0-9]{16,}/y, prefixLength: upTo(/^[sr]k_[a-z]+_/) },
  { regex: /whsec_[A-Za-z0-9+/=]{32,}/y, prefixLength: fixed(6) },
  // GitHub classic and fine-grained tokens.
  { regex: /gh[pousr]_[A-Za-z0-9]{36,251}/y, prefixLength: fixed(4) },
  { regex: /github_pat_[A-Za-z0-9_]{70,244}/y, prefixLength: fixed(11) },
  // Slack tokens: numeric team/user ids, then the secret part.
  { regex: /xox[abposre]-[A-Za-z0-9-]{10,}/y, prefixLength: fixed(5), valid: isSlackToken },
  { regex: /xoxe\.xox[bp]-\d-[A-Za-z0-9]{100,}/y, prefixLength: fixed(12) },
  { regex: /xoxe-\d-[A-Za-z0-9]{100,}/y, prefixLength: fixed(7) },
  { regex: /xapp-\d-[A-Z0-9]{8,}-\d{8,}-[a-z0-9]{32,}/y, prefixLength: fixed(7) },
  // A Slack webhook URL is itself the secret.
  {
    regex: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{16,}/y,
    prefixLength: upTo(/^https?:\/\/hooks\.slack\.com\/[a-z]+\//),
  },
  // Google API keys and OAuth credentials.
  { regex: /AIza[0-9A-Za-z_-]{35}/y, prefixLength: fixed(4) },
  { regex: /ya29\.[0-9A-Za-z_-]{30,}/y, prefixLength: fixed(5) },
  { regex: /GOCSPX-[0-9A-Za-z_-]{28}/y, prefixLength: fixed(7) },
  // GitLab, Hugging Face, npm, PyPI, SendGrid.
  { regex: /gl(?:pat|dt|rt)-[0-9A-Za-z_-]{20,}/y, prefixLength: fixed(6) },
  { regex: /hf_[A-Za-z0-9]{34,40}/y, prefixLength: fixed(3) },
  { regex: /npm_[A-Za-z0-9]{36}/y, prefixLength: fixed(4) },
  { regex: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/y, prefixLength: fixed(20) },
  { regex: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/y, prefixLength: fixed(3) },
  // Other LLM providers a cost tracker sees: Groq, xAI, Perplexity, Replicate.
  { regex: /gsk_[A-Za-z0-9]{48,60}/y, prefixLength: fixed(4) },
  { regex: /xai-[A-Za-z0-9]{60,100}/y, prefixLength: fixed(4) },
  { regex: /pplx-[A-Za-z0-9]{40,60}/y, prefixLength: fixed(5) },
  { regex: /r8_[A-Za-z0-9]{37}/y, prefixLength: fixed(3) },
  // Shopify, DigitalOcean, Twilio API key sids, Telegram bot tokens.
  { regex: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/y, prefixLength: fixed(6) },
  { regex: /do[opr]_v1_[a-f0-9]{64}/y, prefixLength: fixed(7) },
  { regex: /SK[0-9a-fA-F]{32}/y, prefixLength: fixed(2) },
  { regex: /\d{8,10}:AA[A-Za-z0-9_-]{33}/y, prefixLength: upTo(/^\d+:/) },
]

// One native scan for every prefix above; the sticky patterns only run where a prefix occurs.
// Alternatives are grouped by first character, which lets the regex engine reject most positions
// on one comparison (about 40% faster than a flat list of prefixes).
const ANCHOR =
  /s(?:k[-_]|hp(?:at|ca|pa|ss)_)|rk_|g(?:h[pousr]_|ithub_pat_|sk_|l(?:pat|dt|rt)-)|h(?:f_|ooks\.slack\.com)|npm_|r8_|whsec_|x(?:ox[a-z.]|app-|ai-)|p(?:plx-|ypi-)|GOCSPX-|AIza|ya29\.|SG\.|do[opr]_v1_|SK[0-9a-fA-F]|:AA/g

/** Every value prefix above, so the generic assignment detector can leave these to their own rules. */
export const PROVIDER_PREFIX =
  /^(?:sk-|[sr]k_|whsec_|gh[pousr]_|github_pat_|xox[a-z][-.]|xapp-|AIza|ya29\.|GOCSPX-|gl(?:pat|dt|rt)-|hf_|npm_|pypi-|SG\.|gsk_|xai-|pplx-|r8_|shp|do[opr]_v1_|AKIA|ASIA)/

/** API keys and tokens recognizable by their published prefix and shape. */
export function detectProviderKeys(text: string): Finding[] {
  const out: Finding[] = []
  ANCHOR.lastIndex = 0
  for (let m = ANCHOR.exec(text); m !== null; m = ANCHOR.exec(text)) {
    const start = tokenStart(text, m.index, m[0])
    if (start === -1) continue
    // A prefix glued to a longer word (`ssk-…`, `TASKS`) is not a token start.
    if (isTokenChar(codeAt(text, start - 1))) continue
    const { found, scannedTo } = matchAt(text, start)
    if (found) out.push(found)
    // Any prefix inside a rejected token is glued to token characters, so resume after it: a long
    // run of prefixes (`sk-sk-sk-…`) is then scanned once, not once per prefix.
    ANCHOR.lastIndex = Math.max(ANCHOR.lastIndex, scannedTo)
  }
  return out
}

/** Where the token containing an anchor hit begins: the URL for webhooks, the bot id for Telegram. */
function tokenStart(text: string, hit: number, anchor: string): number {
  if (anchor === 'hooks.slack.com') {
    if (text.startsWith('https://', hit - 8)) return hit - 8
    return text.startsWith('http://', hit - 7) ? hit - 7 : -1
  }
  if (anchor === ':AA') {
    let start = hit
    while (start > 0 && hit - start < 11 && isDigit(text.charCodeAt(start - 1))) start--
    return hit - start >= 8 && hit - start <= 10 ? start : -1
  }
  return hit
}

// The characters each pattern can start with (its leading literal, character class or `\d`), so an
// anchor hit only tries the patterns it could begin.
const FIRST_CHARS: readonly string[] = PATTERNS.map((p) => {
  const first = p.regex.source[0] as string
  if (first === '\\') return '0123456789'
  if (first === '[') return p.regex.source.slice(1, p.regex.source.indexOf(']'))
  return first
})

function matchAt(text: string, start: number): { found: Finding | null; scannedTo: number } {
  let scannedTo = start
  const first = text[start] as string
  for (let i = 0; i < PATTERNS.length; i++) {
    const p = PATTERNS[i] as ProviderPattern
    if (!(FIRST_CHARS[i] as string).includes(first)) continue
    p.regex.lastIndex = start
    const m = p.regex.exec(text)
    if (m === null) continue
    const value = m[0]
    const end = start + value.length
    scannedTo = Math.max(scannedTo, end)
    // A fixed-length format followed by more token characters is a different, longer string.
    if (isTokenChar(codeAt(text, end))) continue
    if (p.valid && !p.valid(value)) continue
    if (!isRandomLooking(value.slice(p.prefixLength(value)))) continue
    return { found: { type: 'api_key', start, end }, scannedTo }
  }
  return { found: null, scannedTo }
}

/** `xoxp-<team id>-<user id>-…-<secret>`: at least two numeric ids and a long secret part. */
function isSlackToken(token: string): boolean {
  const parts = token.slice(5).split('-')
  const ids = parts.filter((p) => /^\d{6,15}$/.test(p)).length
  const secret = parts[parts.length - 1] ?? ''
  return ids >= 2 && secret.length >= 16
}
