import {
  CATEGORIES,
  checkJsonShape,
  USAGE_EVENT_LIMITS as LIMITS,
  type UsageEvent,
} from '@tokenledger/domain'
import { z } from 'zod'
import {
  ATTRIBUTION_KINDS,
  type AttributionRefs,
  bothFormsError,
  documentRefSchema,
  projectRefSchema,
  userRefSchema,
} from './external-refs'
import { callCost, recordId } from './ids'

const MAX_INT = 2_147_483_647
const tokens = z.number().int().min(0).max(MAX_INT)

/** Clocks of calling apps drift; an event a little ahead of ours is still accepted. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000

const EARLIEST_OCCURRED_AT_MS = Date.parse(LIMITS.earliestOccurredAt)

/** Prompt, response and error message: over the hard cap is refused, below it only cut when stored. */
const content = z
  .string()
  .max(LIMITS.contentChars, `at most ${LIMITS.contentChars.toLocaleString('en-US')} characters`)

/** Free-form JSON, bounded so neither its size nor its nesting can hurt the walks that redact and store it. */
const metadata = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const problem = checkJsonShape(value, { maxDepth: LIMITS.metadataDepth, maxChars: LIMITS.metadataChars })
  if (problem?.kind === 'depth') {
    ctx.addIssue({ code: 'custom', message: `nests deeper than ${problem.limit} levels` })
  } else if (problem?.kind === 'size') {
    ctx.addIssue({
      code: 'custom',
      message: `larger than ${problem.limit.toLocaleString('en-US')} characters of JSON`,
    })
  }
})

/**
 * One LLM call as apps report it. Token counts are normalised: prompt includes cached, completion
 * includes reasoning. Unknown fields are refused (a typo'd `user` would otherwise vanish silently).
 */
export const usageEventSchema = z
  .strictObject({
    provider: z.string().trim().min(1).max(LIMITS.providerChars).toLowerCase(),
    model: z.string().trim().min(1).max(LIMITS.modelChars),
    promptTokens: tokens.default(0),
    completionTokens: tokens.default(0),
    totalTokens: tokens.optional(),
    cachedTokens: tokens.default(0),
    cacheWriteTokens: tokens.default(0),
    /** The part of cacheWriteTokens written with a 1-hour TTL (priced at the 1-hour rate). */
    cacheWrite1hTokens: tokens.default(0),
    reasoningTokens: tokens.default(0),
    /** Web-search tool requests, priced per request where the catalog has a price. */
    webSearchRequests: tokens.default(0),
    /** A cost the caller computed itself (decimal USD string); wins over the computed one. */
    cost: callCost.optional(),
    durationMs: z.number().int().min(0).max(MAX_INT).optional(),
    success: z.boolean().default(true),
    errorMessage: content.optional(),
    category: z.enum(CATEGORIES).default('general'),
    purposeDetail: z.string().max(LIMITS.purposeDetailChars).optional(),
    taskType: z.string().max(LIMITS.taskTypeChars).optional(),
    loggable: z
      .strictObject({
        type: z.string().min(1).max(LIMITS.loggableChars),
        id: z.union([z.string().min(1).max(LIMITS.loggableChars), recordId]),
      })
      .optional(),
    userId: recordId.optional(),
    projectId: recordId.optional(),
    documentId: recordId.optional(),
    /** The app's own ids, created in the key's organization on first sight (instead of the numeric ids). */
    user: userRefSchema.optional(),
    project: projectRefSchema.optional(),
    document: documentRefSchema.optional(),
    prompt: content.optional(),
    response: content.optional(),
    metadata: metadata.optional(),
    /** Makes retries safe: an event with a key already stored for this organization is not stored again. */
    idempotencyKey: z.string().min(1).max(LIMITS.idempotencyKeyChars).optional(),
    /** A confirmed budget override this call uses (single use). */
    budgetOverrideId: z.uuid().optional(),
    /** The reservation `budgets.check` made for this call: released when the call is logged. */
    budgetReservationId: z.uuid().optional(),
    /** When the call happened (ISO 8601); defaults to when the event arrives. */
    occurredAt: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) <= Date.now() + MAX_CLOCK_SKEW_MS, 'occurredAt cannot be in the future')
      .refine(
        (v) => Date.parse(v) >= EARLIEST_OCCURRED_AT_MS,
        `occurredAt cannot be before ${LIMITS.earliestOccurredAt.slice(0, 10)}`,
      )
      .optional(),
  })
  .superRefine((event, ctx) => {
    const both = bothFormsError(event)
    if (both) ctx.addIssue({ code: 'custom', path: [bothFormsKind(event)], message: both })
    if (event.cachedTokens + event.cacheWriteTokens > event.promptTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['cachedTokens'],
        message: 'cached + cache-write tokens cannot exceed prompt tokens',
      })
    }
    if (event.cacheWrite1hTokens > event.cacheWriteTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['cacheWrite1hTokens'],
        message: '1-hour cache-write tokens cannot exceed cache-write tokens',
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

/** Which of user, project, document an event names in both forms (for the issue's path). */
function bothFormsKind(event: AttributionRefs): string {
  return ATTRIBUTION_KINDS.find((k) => event[`${k}Id`] != null && event[k] != null) ?? 'user'
}

export type UsageEventInput = z.input<typeof usageEventSchema>
// The schema's output must be the domain's UsageEvent: a compile error here means they drifted apart.
type Assert<T extends true> = T
export type SchemaMatchesDomain = Assert<z.output<typeof usageEventSchema> extends UsageEvent ? true : false>
