import type { IncomingHttpHeaders } from 'node:http'
import { externalIdSchema } from '@tokenledger/contract'
import { CATEGORIES, type Category } from '@tokenledger/domain'

/** Who a call belongs to and why, as the gateway's caller states it in `x-tokenledger-*` headers. */
export interface RequestAttribution {
  /** `x-tokenledger-user`: the app's own id, created in the organization on first sight. */
  user?: { externalId: string }
  project?: { externalId: string }
  document?: { externalId: string }
  /** `x-tokenledger-user-id`: Tokenledger's numeric id of an existing user. */
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

/**
 * Reads and validates the attribution headers; absent headers are left out. The user, project and
 * document are named by the app's own id (`x-tokenledger-user: usr_42`) or by Tokenledger's
 * numeric id (`x-tokenledger-user-id: 12`), not both.
 */
export function requestAttribution(headers: IncomingHttpHeaders): RequestAttribution {
  const attribution: RequestAttribution = {}
  for (const kind of ['user', 'project', 'document'] as const) {
    const externalId = externalIdHeader(headers, `x-tokenledger-${kind}`)
    const id = recordId(headers, `x-tokenledger-${kind}-id`)
    if (externalId !== undefined && id !== undefined)
      throw new BadHeaderError(
        `name the ${kind} either by x-tokenledger-${kind} (your own id) or by x-tokenledger-${kind}-id (Tokenledger's), not both`,
      )
    if (externalId !== undefined) attribution[kind] = { externalId }
    if (id !== undefined) attribution[`${kind}Id`] = id
  }

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
        `send your own id in ${name.replace(/-id$/, '')}`,
    )
  return id
}

/** The app's own id, as the api takes it (1–255 characters, no control characters). */
function externalIdHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = header(headers, name)
  if (value === undefined) return undefined
  const parsed = externalIdSchema.safeParse(value)
  if (!parsed.success)
    throw new BadHeaderError(
      `${name} is your own id: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    )
  return parsed.data
}

/**
 * OpenAI's `user` body field names the end user of the call: it is the app's own user id when no
 * header names a user (as LiteLLM and Helicone read it). One the api could not take as an id is
 * left out (it stays in the log's metadata as providerUser): a provider field never fails a call.
 */
export function withBodyUser(
  attribution: RequestAttribution,
  bodyUser: string | undefined,
): RequestAttribution {
  if (attribution.user || attribution.userId != null || bodyUser === undefined) return attribution
  const parsed = externalIdSchema.safeParse(bodyUser)
  return parsed.success ? { ...attribution, user: { externalId: parsed.data } } : attribution
}
