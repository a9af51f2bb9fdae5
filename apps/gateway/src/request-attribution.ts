import type { IncomingHttpHeaders } from 'node:http'
import { CATEGORIES, type Category } from '@tokenledger/domain'

/** Who a call belongs to and why, as the gateway's caller states it in `x-tokenledger-*` headers. */
export interface RequestAttribution {
  userId?: number
  projectId?: number
  documentId?: number
  category?: Category
  purposeDetail?: string
  /** A confirmed budget override this call uses. */
  budgetOverrideId?: string
}

/** A header the gateway cannot accept: answered with 400 and this message. */
export class BadHeaderError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_PURPOSE_CHARS = 2_000

/** Reads and validates the attribution headers; absent headers are left out. */
export function requestAttribution(headers: IncomingHttpHeaders): RequestAttribution {
  const attribution: RequestAttribution = {}
  const userId = recordId(headers, 'x-tokenledger-user')
  const projectId = recordId(headers, 'x-tokenledger-project')
  const documentId = recordId(headers, 'x-tokenledger-document')
  if (userId !== undefined) attribution.userId = userId
  if (projectId !== undefined) attribution.projectId = projectId
  if (documentId !== undefined) attribution.documentId = documentId

  const category = header(headers, 'x-tokenledger-category')
  if (category !== undefined) {
    if (!(CATEGORIES as readonly string[]).includes(category))
      throw new BadHeaderError(`x-tokenledger-category must be one of ${CATEGORIES.join(', ')}`)
    attribution.category = category as Category
  }
  const purpose = header(headers, 'x-tokenledger-purpose')
  if (purpose !== undefined) {
    if (purpose.length > MAX_PURPOSE_CHARS)
      throw new BadHeaderError(`x-tokenledger-purpose is limited to ${MAX_PURPOSE_CHARS} characters`)
    attribution.purposeDetail = purpose
  }
  const override = header(headers, 'x-tokenledger-override')
  if (override !== undefined) {
    if (!UUID.test(override))
      throw new BadHeaderError(
        'x-tokenledger-override must be the id (a UUID) of a confirmed budget override',
      )
    attribution.budgetOverrideId = override.toLowerCase()
  }
  return attribution
}

/** The Tokenledger API key: `Authorization: Bearer tl_…` or `x-tokenledger-key: tl_…`. */
export function tokenledgerKey(headers: IncomingHttpHeaders): string | undefined {
  const direct = header(headers, 'x-tokenledger-key')
  if (direct) return direct
  const match = /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization') ?? '')
  return match?.[1]
}

/** The provider's own key from `x-provider-authorization` (`Bearer sk-…` or the bare key). */
export function providerKey(headers: IncomingHttpHeaders): string | undefined {
  const value = header(headers, 'x-provider-authorization')
  if (!value) return undefined
  return /^Bearer\s+/i.test(value) ? value.replace(/^Bearer\s+/i, '') : value
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  return text === '' ? undefined : text
}

function recordId(headers: IncomingHttpHeaders, name: string): number | undefined {
  const value = header(headers, name)
  if (value === undefined) return undefined
  const id = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(id) || id < 1)
    throw new BadHeaderError(
      `${name} must be a numeric Tokenledger id (got "${value.slice(0, 60)}"); ` +
        "the app's own string ids will be accepted with the external-ids feature",
    )
  return id
}
