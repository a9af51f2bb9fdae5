const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/

/** Dotted-quad IPv4: four decimal octets 0-255 (leading zeros tolerated, as most log formats print them). */
export function isValidIPv4(s: string): boolean {
  const parts = s.split('.')
  if (parts.length !== 4) return false
  return parts.every((p) => p.length >= 1 && p.length <= 3 && /^\d+$/.test(p) && Number(p) <= 255)
}

/**
 * RFC 4291 text form: eight 1-4 digit hex groups, at most one `::` standing for one or more zero
 * groups, and optionally a dotted-quad IPv4 in place of the last two groups.
 */
export function isValidIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false
  let head = s
  let embedded = 0
  const lastColon = s.lastIndexOf(':')
  if (lastColon === -1) return false
  if (s.includes('.', lastColon)) {
    if (!isValidIPv4(s.slice(lastColon + 1))) return false
    head = s.slice(0, lastColon + 1)
    // Keep a `::` that directly precedes the IPv4 part; drop the single separating colon.
    if (!head.endsWith('::')) head = head.slice(0, -1)
    embedded = 2
  }
  const compressed = head.indexOf('::')
  if (compressed === -1) {
    const groups = head.split(':')
    return groups.every((g) => HEX_GROUP.test(g)) && groups.length + embedded === 8
  }
  if (head.includes('::', compressed + 1) || head.includes(':::')) return false
  const left = head.slice(0, compressed)
  const right = head.slice(compressed + 2)
  const groups = [...(left ? left.split(':') : []), ...(right ? right.split(':') : [])]
  return groups.every((g) => HEX_GROUP.test(g)) && groups.length + embedded <= 7
}
