/** A NUL or a UTF-16 surrogate: the only code units that need a look (see `storableText`). */
const SUSPECT = /[\0\uD800-\uDFFF]/
/** NUL, a high surrogate not followed by a low one, a low surrogate not after a high one. */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Postgres text and jsonb cannot hold U+0000, and JSON with a lone surrogate escape is refused. Every
 * NUL and every unpaired surrogate in a string (keys included) becomes U+FFFD — what UTF-8 encoding
 * makes of a lone surrogate anyway, and what invalid UTF-8 gets — so such an event is stored instead
 * of refused. A value with nothing to replace comes back as the same object (no copy).
 */
export function storableText<T>(value: T): T {
  if (typeof value === 'string')
    return (SUSPECT.test(value) ? value.replace(UNSTORABLE, '\uFFFD') : value) as T
  if (Array.isArray(value)) {
    const clean = value.map(storableText)
    return (clean.some((item, i) => item !== value[i]) ? clean : value) as T
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value)
    const clean = entries.map(([k, v]) => [storableText(k), storableText(v)] as const)
    const changed = clean.some(([k, v], i) => k !== entries[i]?.[0] || v !== entries[i]?.[1])
    return (changed ? Object.fromEntries(clean) : value) as T
  }
  return value
}
