/**
 * PostgreSQL text cannot hold NUL, so a NUL in any admin input would reach the database as an
 * error (a 500). The admin has no binary inputs: a NUL anywhere in the address or the body is
 * refused up front as bad input. Checks the raw bytes, and the percent-encoded and JSON-escaped
 * forms that decoders turn into NUL.
 */
export function containsNul(url: string, contentType: string | undefined, body: Buffer | null): boolean {
  if (url.includes('\0') || /%00/i.test(url)) return true
  if (!body || body.length === 0) return false
  if (body.includes(0)) return true
  const type = (contentType ?? '').toLowerCase()
  const text = type.includes('x-www-form-urlencoded') || type.includes('json') ? body.toString('latin1') : ''
  if (type.includes('x-www-form-urlencoded')) return /%00/i.test(text)
  if (type.includes('json')) return /\\u0000/i.test(text)
  return false
}
