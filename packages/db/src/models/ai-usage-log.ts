import type { AppliedPrices, Category, PriceSource } from '@tokenledger/domain'

export interface AiUsageLog {
  id: number
  organization_id: number
  user_id: number | null
  project_id: number | null
  document_id: number | null
  api_key_id: number | null
  provider: string
  model: string
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  cached_tokens: number
  cache_write_tokens: number
  reasoning_tokens: number
  /** Decimal string; null when the model is unpriced. */
  cost: string | null
  cost_source: PriceSource | null
  prices: AppliedPrices | null
  duration_ms: number | null
  task_type: string | null
  loggable_type: string | null
  loggable_id: string | null
  success: boolean
  error_message: string | null
  metadata: Record<string, unknown>
  prompt_content: string | null
  response_content: string | null
  content_redacted: boolean
  redaction_summary: Record<string, number>
  category: Category
  purpose_detail: string | null
  budget_override: boolean
  budget_override_by: number | null
  idempotency_key: string | null
  created_at: Date
}
