import type { IncomingHttpHeaders } from 'node:http'

/** The Tokenledger API key: `Authorization: Bearer tl_…` or `x-tokenledger-key: tl_…`. */
export function otlpApiKey(headers: IncomingHttpHeaders): string | undefined {
  const direct = first(headers['x-tokenledger-key'])
  if (direct) return direct
  const match = /^Bearer\s+(\S+)$/i.exec(first(headers.authorization) ?? '')
  return match?.[1]
}

function first(value: string | string[] | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  return text === '' ? undefined : text
}
