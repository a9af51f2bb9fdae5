import { codeAt, isDigit, isHexDigit, isWordChar } from '../chars'
import { isValidIPv4, isValidIPv6 } from '../ip-address-validation'
import type { Finding } from '../types'

const IPV4 = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g
// The longest IPv6 text form is 45 characters; a longer run of hex digits, colons and dots is
// something else (a fingerprint, a hex dump).
const MAX_IPV6_RUN = 50
// `version 1.2.3.4`, `AssemblyVersion("4.0.0.0")`, `section 1.2.3.4`: numbering, not addresses.
// Firmware and software components are versioned the same way (`bootloader 1.0.0.7`).
const NUMBERING_WORD =
  /(?:version|^v|^ver|^release|^build|^firmware|^fw|^bootloader|^bios|^uefi|^kernel|^driver|^patch|^hotfix|^rev|^revision|^section|^chapter|^clause|^step|^rule|^item|^figure|^fig|^table|^paragraph|^oid)$/i
// `Chrome/120.0.0.0`, `Safari/537.36`: a product token of a user agent is a name, a slash and a
// version. The name is one word: a host (`example.com/`) or a path (`/hosts/`) has dots or slashes.
const PRODUCT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/

export function detectIpAddresses(text: string): Finding[] {
  return [...detectIPv4(text), ...detectIPv6(text)]
}

/**
 * Dotted quads with every octet 0-255, with an optional /0-32 CIDR suffix. Not an address: a quad
 * glued to a word, part of a longer dotted number (SNMP OIDs `1.3.6.1.2.1.1.3.0`, French phone
 * numbers `04.86.44.58.84`), the version of a product token (`Chrome/120.0.0.0`) or a numbered
 * thing (`version 1.2.3.4`).
 */
function detectIPv4(text: string): Finding[] {
  const out: Finding[] = []
  IPV4.lastIndex = 0
  for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
    const start = m.index
    let end = start + m[0].length
    const before = codeAt(text, start - 1)
    if (isWordChar(before) || before === 46) continue
    const after = codeAt(text, end)
    if (isWordChar(after)) continue
    if (after === 46 && isDigit(codeAt(text, end + 1))) continue
    if (!isValidIPv4(m[0])) continue
    if (precededByNumberingWord(text, start) || isProductVersion(text, start)) continue
    end = withCidr(text, end, 32)
    out.push({ type: 'ip_address', start, end })
  }
  return out
}

/**
 * Anchored on colons: each maximal run of hex digits, colons and dots around a colon is parsed as
 * a whole, so `12345:db8::1`, `std::cout` or a MAC address never yield a shorter "valid" slice.
 * Each run is visited once, which keeps this linear even on megabytes of colons.
 */
function detectIPv6(text: string): Finding[] {
  const out: Finding[] = []
  let floor = 0
  let colon = text.indexOf(':')
  while (colon !== -1) {
    let start = colon
    while (start > floor && colon - start <= MAX_IPV6_RUN && isIpv6Char(text.charCodeAt(start - 1))) start--
    let end = colon + 1
    while (end < text.length && isIpv6Char(text.charCodeAt(end))) end++
    floor = end
    // Every IPv6 text form has two colons or more, and the run's colons all come from `colon` on
    // (the previous run ended before it). Most colons in text (`Error:`, `10:30`) are alone.
    const second = text.indexOf(':', colon + 1)
    const tooLong = colon - start > MAX_IPV6_RUN || end - start > MAX_IPV6_RUN
    const found = tooLong || second === -1 || second >= end ? null : ipv6InRun(text, start, end)
    if (found) out.push(found)
    colon = second === -1 || second >= end ? second : text.indexOf(':', end)
  }
  return out
}

function ipv6InRun(text: string, runStart: number, runEnd: number): Finding | null {
  let start = runStart
  let end = runEnd
  while (end > start && text.charCodeAt(end - 1) === 46) end--
  // A lone leading or trailing colon is punctuation (`ip:fe80::1`, `at fe80::1:`), `::` is not.
  if (text.charCodeAt(start) === 58 && codeAt(text, start + 1) !== 58) start++
  if (end - start > 2 && text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58) end--
  if (start >= end) return null
  if (isWordChar(codeAt(text, start - 1))) return null
  end = withoutPortAfterQuad(text, start, end)
  const candidate = text.slice(start, end)
  if (candidate === '::') {
    if (!isStandaloneUnspecified(text, start, end)) return null
  } else if (!isValidIPv6(candidate) || !/\d/.test(candidate)) {
    return null
  }
  let suffixEnd = withZone(text, end)
  suffixEnd = withCidr(text, suffixEnd, 128)
  if (isWordChar(codeAt(text, suffixEnd))) return null
  return { type: 'ip_address', start, end: suffixEnd }
}

/**
 * `::ffff:10.0.0.1:5432` (Node's ECONNREFUSED): an embedded IPv4 ends an IPv6 address, so a
 * `:port` after the dotted quad is not part of it.
 */
function withoutPortAfterQuad(text: string, start: number, end: number): number {
  let i = end
  while (i > start && isDigit(text.charCodeAt(i - 1))) i--
  if (i === end || end - i > 5 || text.charCodeAt(i - 1) !== 58) return end
  // Within the run (at most MAX_IPV6_RUN characters): a dot comes before any colon going back.
  for (let j = i - 2; j >= start; j--) {
    const c = text.charCodeAt(j)
    if (c === 46) return i - 1
    if (c === 58) return end
  }
  return end
}

/** `::` alone is the unspecified address, except between words (`x :: Int`, C++ `a :: b`). */
function isStandaloneUnspecified(text: string, start: number, end: number): boolean {
  const before = codeAt(text, start - 1)
  const after = codeAt(text, end)
  if (isWordChar(after) || after === 58 || before === 58) return false
  if (after === 47) return true
  const wordBefore = before === 32 && isWordChar(codeAt(text, start - 2))
  const wordAfter = after === 32 && isWordChar(codeAt(text, end + 1))
  return !(wordBefore && wordAfter)
}

function isIpv6Char(c: number): boolean {
  return isHexDigit(c) || c === 58 || c === 46
}

/** `%eth0` zone id after an IPv6 address. */
function withZone(text: string, end: number): number {
  if (codeAt(text, end) !== 37) return end
  let i = end + 1
  while (i < text.length && i - end <= 32) {
    const c = text.charCodeAt(i)
    if (!(isWordChar(c) || c === 45 || c === 46)) break
    i++
  }
  while (i > end + 1 && text.charCodeAt(i - 1) === 46) i--
  return i > end + 1 ? i : end
}

/** `/24` prefix length, kept only when it is in range and not part of a longer path. */
function withCidr(text: string, end: number, max: number): number {
  if (codeAt(text, end) !== 47) return end
  let i = end + 1
  while (i < text.length && i - end <= 3 && isDigit(text.charCodeAt(i))) i++
  if (i === end + 1 || isWordChar(codeAt(text, i))) return end
  return Number(text.slice(end + 1, i)) <= max ? i : end
}

function precededByNumberingWord(text: string, start: number): boolean {
  // Version pins and ranges: `torch==2.1.0.1`, `>=1.2.3.4`, `^1.2.3.4`, `~1.2.3.4`.
  const before = text[start - 1]
  if (before === '^' || before === '~' || before === '<' || before === '>') return true
  if (before === '=' && '=<>~!'.includes(text[start - 2] ?? ' ')) return true
  let i = start - 1
  // Skip the punctuation between a keyword and its number: spaces, quotes, `(`, `=`, `:`.
  while (i >= 0 && start - i <= 4 && ' \t"\'(=:'.includes(text[i] as string)) i--
  let j = i
  while (j >= 0 && i - j < 40 && isWordChar(text.charCodeAt(j))) j--
  if (j === i) return false
  return NUMBERING_WORD.test(text.slice(j + 1, i + 1))
}

/** Whether the quad at `start` follows `Name/`, a product token's name (see PRODUCT_NAME). */
function isProductVersion(text: string, start: number): boolean {
  if (codeAt(text, start - 1) !== 47) return false
  let i = start - 1
  while (i > 0 && start - i <= 41 && !isNameBoundary(codeAt(text, i - 1))) i--
  return isNameBoundary(codeAt(text, i - 1)) && PRODUCT_NAME.test(text.slice(i, start - 1))
}

/** What may come before a product token: the start of the text, a space, or `(`, `;`, `,`, a quote. */
function isNameBoundary(c: number): boolean {
  return Number.isNaN(c) || c <= 32 || c === 40 || c === 59 || c === 44 || c === 34 || c === 39
}
