import { CATEGORIES, type UsageEvent } from '@tokenledger/domain'
import { z } from 'zod'
import { callCost, recordId } from '../schemas'

const MAX_INT = 2_147_483_647
const tokens = z.number().int().min(0).max(MAX_INT)

/** Clocks of calling apps drift; an event a little ahead of ours is still accepted. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000

/** One LLM call as apps report it. Token counts are normalised: prompt includes cached, completion includes reasoning. */
export const usageEventSchema = z
  .object({
    provider: z.string().trim().min(1).max(64).toLowerCase(),
    model: z.string().trim().min(1).max(200),
    promptTokens: tokens.default(0),
    completionTokens: tokens.default(0),
    totalTokens: tokens.optional(),
    cachedTokens: tokens.default(0),
    cacheWriteTokens: tokens.default(0),
    reasoningTokens: tokens.default(0),
    /** A cost the caller computed itself (decimal USD string); wins over the computed one. */
    cost: callCost.optional(),
    durationMs: z.number().int().min(0).max(MAX_INT).optional(),
    success: z.boolean().default(true),
    errorMessage: z.string().max(20_000).optional(),
    category: z.enum(CATEGORIES).default('general'),
    purposeDetail: z.string().max(2_000).optional(),
    taskType: z.string().max(200).optional(),
    loggable: z
      .object({ type: z.string().min(1).max(200), id: z.union([z.string().min(1).max(200), recordId]) })
      .optional(),
    userId: recordId.optional(),
    projectId: recordId.optional(),
    documentId: recordId.optional(),
    prompt: z.string().optional(),
    response: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** Makes retries safe: an event with a key already stored for this organization is not stored again. */
    idempotencyKey: z.string().min(1).max(200).optional(),
    /** A confirmed budget override this call uses (single use). */
    budgetOverrideId: z.uuid().optional(),
    /** When the call happened (ISO 8601); defaults to when the event arrives. */
    occurredAt: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) <= Date.now() + MAX_CLOCK_SKEW_MS, 'occurredAt cannot be in the future')
      .optional(),
  })
  .superRefine((event, ctx) => {
    if (event.cachedTokens + event.cacheWriteTokens > event.promptTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['cachedTokens'],
        message: 'cached + cache-write tokens cannot exceed prompt tokens',
      })
    }
    if ((event.totalTokens ?? event.promptTokens + event.completionTokens) > MAX_INT) {
      ctx.addIssue({
        code: 'custom',
        path: ['totalTokens'],
        message: `total tokens cannot exceed ${MAX_INT}`,
      })
    }
    if (event.reasoningTokens > event.completionTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['reasoningTokens'],
        message: 'reasoning tokens cannot exceed completion tokens',
      })
    }
  })

export type UsageEventInput = z.input<typeof usageEventSchema>
// The schema's output must be the domain's UsageEvent: a compile error here means they drifted apart.
type Assert<T extends true> = T
export type SchemaMatchesDomain = Assert<z.output<typeof usageEventSchema> extends UsageEvent ? true : false>
