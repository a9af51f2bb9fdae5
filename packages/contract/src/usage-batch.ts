import { z } from 'zod'
import { MAX_BATCH_SIZE } from './request-limits'
import type { UsageEventInput } from './usage-event-schema'

/**
 * `usage.logBatch`: the batch's shape only. Each event is parsed on its own afterwards, so one bad
 * event is rejected alone instead of failing the whole batch.
 */
export const usageBatchInput = z.object({
  events: z.array(z.custom<UsageEventInput>()).min(1).max(MAX_BATCH_SIZE),
})
