import { isHexDigit } from './chars'

// Both validators read the candidate in place, without splitting it: the IP detector calls them
// for every dotted quad and every run around a colon pair in the text.

/** Dotted-quad IPv4: four decimal octets 0-255 (leading zeros tolerated, as most log formats print them). */
export function isValidIPv4(s: string): boolean {
  return isDottedQuad(s, 0, s.length)
}

/** `s.slice(from, to)` is a dotted quad. */
function isDottedQuad(s: string, from: number, to: number): boolean {
  let parts = 0
  let digits = 0
  let value = 0
  for (let i = from; i <= to; i++) {
    // A dot past the end closes the last octet.
    const c = i < to ? s.charCodeAt(i) : 46
    if (c === 46) {
      if (digits === 0 || value > 255) return false
      parts++
      digits = 0
      value = 0
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return false
      value = value * 10 + (c - 48)
    } else {
      return false
    }
  }
  return parts === 4
}

/**
 * RFC 4291 text form: eight 1-4 digit hex groups, at most one `::` standing for one or more zero
 * groups, and optionally a dotted-quad IPv4 in place of the last two groups.
 */
export function isValidIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false
  // The hex part is s.slice(0, headEnd).
  let headEnd = s.length
  let embedded = 0
  const lastColon = s.lastIndexOf(':')
  if (lastColon === -1) return false
  if (s.includes('.', lastColon)) {
    if (!isDottedQuad(s, lastColon + 1, s.length)) return false
    // Keep a `::` that directly precedes the IPv4 part; drop the single separating colon.
    headEnd = lastColon > 0 && s.charCodeAt(lastColon - 1) === 58 ? lastColon + 1 : lastColon
    embedded = 2
  }
  const compressed = s.indexOf('::')
  if (compressed === -1 || compressed + 2 > headEnd) {
    const groups = hexGroups(s, 0, headEnd, false)
    return groups !== -1 && groups + embedded === 8
  }
  const again = s.indexOf('::', compressed + 1)
  if (again !== -1 && again + 2 <= headEnd) return false
  const left = hexGroups(s, 0, compressed, true)
  const right = hexGroups(s, compressed + 2, headEnd, true)
  return left !== -1 && right !== -1 && left + right + embedded <= 7
}

/**
 * How many `:`-separated groups of 1-4 hex digits `s.slice(from, to)` is, or -1 if it is not such
 * a list. An empty slice is no group when `emptyIsNone` (a side of `::`), else one empty group.
 */
function hexGroups(s: string, from: number, to: number, emptyIsNone: boolean): number {
  if (from === to) return emptyIsNone ? 0 : -1
  let groups = 0
  let length = 0
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 58
    if (c === 58) {
      if (length === 0) return -1
      groups++
      length = 0
    } else if (isHexDigit(c)) {
      if (++length > 4) return -1
    } else {
      return -1
    }
  }
  return groups
}
