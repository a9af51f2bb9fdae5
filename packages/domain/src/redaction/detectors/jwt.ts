import { codeAt } from '../chars'
import type { Finding } from '../types'
import { isTokenChar } from './token-shape'

// `eyJ` is base64url for `{"`: every JWT header starts with it. The search is for `yJ`, which
// prose rarely holds, with the `e` checked after: `indexOf('eyJ')` stops at every `e`.
const ANCHOR = 'eyJ'
// Headers are small JSON objects; a longer first segment is some other base64 text.
const MAX_HEADER = 8192

/**
 * JSON Web Tokens (JWS `header.payload.signature`, JWE with five segments), recognised by their
 * header: a base64url JSON object with an `alg`. Payload and signature may be short or empty
 * (`alg: none`, detached payloads), so their length is not a criterion. The whole token is the
 * finding, typed `api_key`: it is a bearer credential and its payload often names a person.
 */
export function detectJwts(text: string): Finding[] {
  const out: Finding[] = []
  let at = indexOfAnchor(text, 0)
  while (at !== -1) {
    let next = at + ANCHOR.length
    if (!isTokenChar(codeAt(text, at - 1))) {
      const headerEnd = segmentEnd(text, at, at + MAX_HEADER + 1)
      // Anchors inside this segment are glued to it; skip them all at once.
      next = headerEnd
      if (
        headerEnd - at <= MAX_HEADER &&
        codeAt(text, headerEnd) === 46 &&
        isJwtHeader(text.slice(at, headerEnd))
      ) {
        const end = tokenEnd(text, headerEnd)
        if (end !== -1) {
          out.push({ type: 'api_key', start: at, end })
          next = end
        }
      }
    }
    at = indexOfAnchor(text, next)
  }
  return out
}

/** `text.indexOf('eyJ', from)`, searching for the rarer `yJ`. */
function indexOfAnchor(text: string, from: number): number {
  for (let yj = text.indexOf('yJ', from + 1); yj !== -1; yj = text.indexOf('yJ', yj + 1)) {
    if (text.charCodeAt(yj - 1) === 101) return yj - 1
  }
  return -1
}

/** End of the token whose header ends (at a dot) at `headerEnd`: 3 segments, or 5 for JWE; else -1. */
function tokenEnd(text: string, headerEnd: number): number {
  const ends: number[] = []
  let end = headerEnd
  while (ends.length < 4 && codeAt(text, end) === 46) {
    end = segmentEnd(text, end + 1, text.length)
    ends.push(end)
  }
  if (ends.length === 4) return ends[3] as number
  // A dot after the signature ends a sentence (`… is eyJ….eyJ….sig.`), not a fourth segment.
  return ends.length >= 2 ? (ends[1] as number) : -1
}

function segmentEnd(text: string, from: number, limit: number): number {
  let i = from
  const stop = Math.min(limit, text.length)
  while (i < stop && isBase64UrlChar(text.charCodeAt(i))) i++
  return i
}

function isBase64UrlChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95
}

function isJwtHeader(segment: string): boolean {
  const json = decodeBase64Url(segment)
  // Cheap checks first: a failed JSON.parse throws, and exceptions are slow.
  if (json === null || !json.endsWith('}') || !json.includes('"alg"')) return false
  try {
    const header: unknown = JSON.parse(json)
    return (
      typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string'
    )
  } catch {
    return false
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Base64url (no padding) to a string of bytes, or null if the length cannot be base64. */
function decodeBase64Url(segment: string): string | null {
  if (segment.length % 4 === 1) return null
  let out = ''
  let bits = 0
  let value = 0
  for (let i = 0; i < segment.length; i++) {
    value = (value << 6) | ALPHABET.indexOf(segment[i] as string)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out += String.fromCharCode((value >> bits) & 0xff)
      value &= (1 << bits) - 1
    }
  }
  return out
}
