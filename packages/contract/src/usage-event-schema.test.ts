import { describe, expect, it } from 'vitest'
import { usageEventSchema } from './usage-event-schema'

const valid = { provider: 'OpenAI ', model: 'gpt-4o', promptTokens: 10, completionTokens: 5 }
const problems = (input: unknown) => {
  const result = usageEventSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = {}
  for (let i = 1; i < levels; i++) value = { next: value }
  return value
}

describe('usageEventSchema', () => {
  it('normalises the provider and fills defaults', () => {
    expect(usageEventSchema.parse(valid)).toMatchObject({
      provider: 'openai',
      category: 'general',
      success: true,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      reasoningTokens: 0,
      webSearchRequests: 0,
    })
  })

  it.each([
    [{ ...valid, promptTokens: -1 }, /promptTokens/],
    [{ ...valid, promptTokens: 1.5 }, /promptTokens/],
    [{ ...valid, completionTokens: 2 ** 31 }, /completionTokens/],
    [{ ...valid, category: 'astrology' }, /category/],
    [{ ...valid, provider: '' }, /provider/],
    [{ ...valid, model: 'x'.repeat(201) }, /model/],
    [{ ...valid, cost: '-1' }, /cost/],
    [{ ...valid, cost: '1e3' }, /cost/],
    [{ ...valid, cost: 0.5 }, /cost/],
    [
      { ...valid, cachedTokens: 11 },
      /cachedTokens: cached \+ cache-write tokens cannot exceed prompt tokens/,
    ],
    [
      { ...valid, cacheWriteTokens: 4, cacheWrite1hTokens: 5 },
      /cacheWrite1hTokens: 1-hour cache-write tokens cannot exceed cache-write tokens/,
    ],
    [{ ...valid, webSearchRequests: -1 }, /webSearchRequests/],
    [{ ...valid, reasoningTokens: 6 }, /reasoningTokens: reasoning tokens cannot exceed completion tokens/],
    [
      { ...valid, cacheWriteTokens: 2, cacheWrite1hTokens: 3 },
      /cacheWrite1hTokens: 1-hour cache-write tokens cannot exceed cache-write tokens/,
    ],
    [{ ...valid, webSearchRequests: -1 }, /webSearchRequests/],
    [{ ...valid, occurredAt: '2026-13-01T00:00:00Z' }, /occurredAt/],
    [
      { ...valid, occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      /occurredAt: occurredAt cannot be in the future/,
    ],
    [{ ...valid, budgetOverrideId: 'not-a-uuid' }, /budgetOverrideId/],
    [{ ...valid, budgetReservationId: 'not-a-uuid' }, /budgetReservationId/],
    [{ ...valid, userId: 0 }, /userId/],
    [{ ...valid, idempotencyKey: '' }, /idempotencyKey/],
    [{ ...valid, organizationId: 7 }, /Unrecognized key: "organizationId"/],
    [{ ...valid, isAdmin: true, team: 3 }, /Unrecognized keys: "isAdmin", "team"/],
    [{ ...valid, user: 3 }, /user: Invalid input: expected object/],
    [{ ...valid, loggable: { type: 'estimate', id: 1, owner: 'x' } }, /loggable: Unrecognized key: "owner"/],
    [{ ...valid, cost: '0.0000000000001' }, /cost: a non-negative decimal string of at most/],
    [{ ...valid, occurredAt: '0000-01-01T00:00:00Z' }, /occurredAt: occurredAt cannot be before 2000-01-01/],
    [{ ...valid, occurredAt: '1999-12-31T23:59:59Z' }, /occurredAt cannot be before 2000-01-01/],
  ])('refuses %j', (input, expected) => {
    expect(problems(input).join('\n')).toMatch(expected)
  })

  it.each([
    [
      'a prompt over the hard cap',
      { prompt: 'x'.repeat(16 * 1024 * 1024 + 1) },
      /prompt: at most 16,777,216 characters/,
    ],
    [
      'an error message over the hard cap',
      { errorMessage: 'x'.repeat(16 * 1024 * 1024 + 1) },
      /errorMessage: at most 16,777,216 characters/,
    ],
    ['metadata 11 levels deep', { metadata: nested(11) }, /metadata: nests deeper than 10 levels/],
    ['metadata 5,000 levels deep', { metadata: nested(5_000) }, /metadata: nests deeper than 10 levels/],
    [
      '64 KB of metadata',
      { metadata: { blob: 'x'.repeat(65_536) } },
      /metadata: larger than 65,536 characters of JSON/,
    ],
  ])('refuses %s', (_label, patch, expected) => {
    expect(problems({ ...valid, ...patch }).join('\n')).toMatch(expected)
  })

  it('accepts a caller cost, an occurredAt with offset and a loggable', () => {
    expect(
      problems({
        ...valid,
        cost: '0.0125',
        occurredAt: '2026-01-02T03:04:05+02:00',
        loggable: { type: 'estimate', id: 42 },
      }),
    ).toEqual([])
  })

  it('accepts the bounds themselves: 6 decimals, the year 2000, 10 levels of metadata, a 20,001-character error', () => {
    expect(
      problems({
        ...valid,
        cost: '0.000001',
        occurredAt: '2000-01-01T00:00:00Z',
        metadata: nested(10),
        errorMessage: 'e'.repeat(20_001),
      }),
    ).toEqual([])
  })

  it("accepts the app's own ids for user, project and document", () => {
    const event = usageEventSchema.parse({
      ...valid,
      user: { externalId: 'usr_42', email: 'ana@example.com', name: 'Ana' },
      project: { externalId: 'prj_1' },
      document: { externalId: 'doc_9', projectExternalId: 'prj_1' },
    })
    expect(event.user).toEqual({ externalId: 'usr_42', email: 'ana@example.com', name: 'Ana' })
    expect(event.project).toEqual({ externalId: 'prj_1' })
    expect(event.document).toEqual({ externalId: 'doc_9', projectExternalId: 'prj_1' })
  })

  it.each([
    ['user', { userId: 3, user: { externalId: 'usr_42' } }],
    ['project', { projectId: 3, project: { externalId: 'prj_1' } }],
    ['document', { documentId: 3, document: { externalId: 'doc_9' } }],
  ])('refuses a %s named in both forms', (kind, patch) => {
    expect(problems({ ...valid, ...patch })).toEqual([
      `${kind}: name the ${kind} either by ${kind}Id or by ${kind} (the app's own id), not both`,
    ])
  })

  it('refuses a bad external ref: empty id, unknown field, bad email', () => {
    expect(problems({ ...valid, user: { externalId: '' } }).join('\n')).toMatch(
      /user.externalId: must not be empty/,
    )
    expect(problems({ ...valid, user: { externalId: 'u', team: 'x' } }).join('\n')).toMatch(/user/)
    expect(problems({ ...valid, user: { externalId: 'u', email: 'nope' } }).join('\n')).toMatch(/user.email/)
  })
})
