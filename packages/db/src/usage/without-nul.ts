/**
 * Postgres text and jsonb cannot hold U+0000. Every NUL in a string (keys included) becomes
 * U+FFFD, the same replacement invalid UTF-8 gets, so such an event is stored instead of refused.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value) as T
  if (Array.isArray(value)) return value.map(withoutNul) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T
  }
  return value
}
