import { createHmac, timingSafeEqual } from 'node:crypto'

export const SIGNATURE_HEADER = 'x-tokenledger-signature'
export const TIMESTAMP_HEADER = 'x-tokenledger-timestamp'

/** `sha256=<hex>`: HMAC-SHA256 of the raw request body with the channel's secret. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}

/** What a receiver does: recompute the signature over the raw body and compare in constant time. */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | null | undefined,
): boolean {
  if (!header) return false
  const expected = Buffer.from(signWebhookBody(secret, body))
  const given = Buffer.from(header)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
