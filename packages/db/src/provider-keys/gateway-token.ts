import { timingSafeEqual } from 'node:crypto'
import { deriveKey } from './master-key'

/**
 * The credential the gateway shows the api to read a stored provider key, derived from the master
 * key: only a process holding the master key (which could decrypt the stored keys anyway) can
 * compute it, so no new secret has to be configured or handed out.
 */
export function gatewayToken(masterKey: Buffer): string {
  return deriveKey(masterKey, 'gateway-token v1').toString('base64url')
}

/** Compares in constant time. */
export function isGatewayToken(masterKey: Buffer, presented: string | null | undefined): boolean {
  if (!presented) return false
  const expected = Buffer.from(gatewayToken(masterKey))
  const given = Buffer.from(presented)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
