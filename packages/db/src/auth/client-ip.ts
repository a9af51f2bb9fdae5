import { isIP } from 'node:net'

/**
 * `TOKENLEDGER_TRUST_PROXY`: off unless `1`, `true`, `yes` or `on`. Turn it on only when the api and
 * the admin are reachable solely through one reverse proxy that sets X-Forwarded-For and
 * X-Forwarded-Proto: when on, those headers are believed (any client could forge them otherwise).
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.TOKENLEDGER_TRUST_PROXY?.trim() ?? '')
}

/**
 * The client's address for rate limits: the socket's peer, or, behind a trusted proxy, the last
 * X-Forwarded-For entry — the one our proxy appended; entries before it come from the client and
 * prove nothing. IPv4-mapped IPv6 addresses are shown as IPv4.
 */
export function clientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string | null {
  if (trustProxy && forwardedFor) {
    const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',')
    const last = entries.at(-1)?.trim() ?? ''
    if (isIP(normalise(last))) return normalise(last)
  }
  return remoteAddress ? normalise(remoteAddress) : null
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
}
