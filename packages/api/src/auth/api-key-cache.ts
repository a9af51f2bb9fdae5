import type { ApiKeyIdentity } from './authenticate-api-key'

/**
 * Verified keys, remembered briefly so the hot path (every log and budget check) skips the
 * lookup. Only successes are cached, under the key's SHA-256, so a revoked key stops working
 * within `ttlMs`. One cache per api server (never shared across databases).
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { identity: ApiKeyIdentity; expiresAt: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(keyHash: string, now: number): ApiKeyIdentity | undefined {
    const entry = this.entries.get(keyHash)
    if (!entry) return undefined
    if (entry.expiresAt <= now) {
      this.entries.delete(keyHash)
      return undefined
    }
    return entry.identity
  }

  set(keyHash: string, identity: ApiKeyIdentity, now: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(keyHash, { identity, expiresAt: now + this.ttlMs })
  }
}
