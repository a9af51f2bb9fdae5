import { codeAt, isAsciiAlnum } from '../chars'
import type { Finding } from '../types'

const MAX_DOMAIN = 253
const TLD =
  /^(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{2,59}|[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]{2,24})$/u
// Internationalized addresses (`josé@example.com`, `user@bücher.de`, `почта@пример.рф`). Only scripts
// written with spaces between words: CJK text runs straight into an address (`请联系jane@…`), and
// taking its letters into the local part would swallow the sentence.
const INTL_LETTER = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}]/u
// `logo@2x.png`, `icon@3x.webp`: asset names, not addresses. None of these is a real TLD.
const FILE_EXTENSIONS = new Set(
  'png jpg jpeg gif svg webp ico bmp tif tiff avif heic css scss sass less js mjs cjs jsx ts tsx json yaml yml toml lock map woff woff2 ttf otf eot mp3 mp4 wav webm pdf txt html htm xml csv log java kt php swift rb vue svelte wasm exe dll'.split(
    ' ',
  ),
)

function isLocalChar(c: number): boolean {
  // Letters, digits and . _ % + ' -
  return (
    isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 39 || c === 45 || isIntlLetter(c)
  )
}

function isLabelChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 45 || isIntlLetter(c)
}

function isIntlLetter(c: number): boolean {
  return c >= 128 && INTL_LETTER.test(String.fromCharCode(c))
}

/**
 * Email addresses, anchored on each `@` and grown outwards by hand (no regex
 * backtracking): a local part of any length and a dotted domain ending in an alphabetic or
 * punycode TLD. `lodash@4.17.21`, `@mentions`, decorators and `logo@2x.png` do not qualify.
 */
export function detectEmails(text: string): Finding[] {
  const out: Finding[] = []
  let floor = 0
  let at = text.indexOf('@')
  while (at !== -1) {
    const found = emailAround(text, at, floor)
    if (found) {
      out.push(found)
      floor = found.end
    }
    at = text.indexOf('@', Math.max(at + 1, floor))
  }
  return out
}

function emailAround(text: string, at: number, floor: number): Finding | null {
  // The domain is bounded and usually what fails; check it before walking back over the local part.
  if (!isLocalChar(codeAt(text, at - 1))) return null
  const end = domainEnd(text, at + 1)
  if (end === -1) return null
  let start = at
  // No 64-character cap: RFC 5321's limit is not what mail servers enforce, and a longer local part
  // is still someone's address. Still linear: `@` is not a local character, so each run of local
  // characters is walked back over by the one `@` that follows it, at most.
  while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--
  // Quotes and dots can wrap an address but not start its local part.
  while (
    start < at &&
    !isAsciiAlnum(text.charCodeAt(start)) &&
    text.charCodeAt(start) !== 95 &&
    !isIntlLetter(text.charCodeAt(start))
  )
    start++
  if (start === at) return null
  const local = text.slice(start, at)
  if (local.endsWith('.') || local.includes('..')) return null
  if (isUrlUserInfo(text, start)) return null
  // `git@github.com:org/repo.git`, `user@host:22`: an SSH/SCP remote, not a mailbox.
  if (codeAt(text, end) === 58 && /[A-Za-z0-9~/]/.test(text[end + 1] ?? '')) return null
  return { type: 'email', start, end }
}

/**
 * `scheme://user:secret@host`: the part before `@` is a credential, not a mailbox. Userinfo only
 * comes before the host, so after a `/` (the path or query: `…/search?q=from:ann@example.com`) an
 * address after a colon is a mailbox again.
 */
function isUrlUserInfo(text: string, localStart: number): boolean {
  if (codeAt(text, localStart - 1) !== 58) return false
  const from = Math.max(0, localStart - 120)
  const before = text.slice(from, localStart)
  const scheme = before.lastIndexOf('://')
  return scheme !== -1 && !/[\s/]/.test(before.slice(scheme + 3))
}

/** The end of a valid domain starting at `from`, or -1. */
function domainEnd(text: string, from: number): number {
  let labels = 0
  let firstEnd = -1
  let lastStart = from
  let i = from
  for (;;) {
    const labelStart = i
    while (i < text.length && i - from <= MAX_DOMAIN && isLabelChar(text.charCodeAt(i))) i++
    if (i === labelStart || i - from > MAX_DOMAIN || i - labelStart > 63) return -1
    // Labels neither start nor end with a hyphen.
    if (text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) return -1
    labels++
    if (firstEnd === -1) firstEnd = i
    lastStart = labelStart
    if (codeAt(text, i) === 46 && isLabelChar(codeAt(text, i + 1))) {
      i++
      continue
    }
    break
  }
  if (labels < 2) return -1
  const tld = text.slice(lastStart, i)
  if (!TLD.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase())) return -1
  // Retina asset names: name@2x.ext.
  if (labels === 2 && /^\d+x$/i.test(text.slice(from, firstEnd))) return -1
  return i
}
