import type { AppliedPrices, Category, PriceSource } from '@tokenledger/domain'
import { Model } from 'objection'
import { Document } from './document'
import { Organization } from './organization'
import { Project } from './project'
import { belongsToOne } from './relations'
import { User } from './user'

export class AiUsageLog extends Model {
  static override tableName = 'ai_usage_logs'
  id!: number
  organization_id!: number
  user_id!: number | null
  project_id!: number | null
  document_id!: number | null
  api_key_id!: number | null
  provider!: string
  model!: string
  prompt_tokens!: number
  completion_tokens!: number
  total_tokens!: number
  cached_tokens!: number
  cache_write_tokens!: number
  cache_write_1h_tokens!: number
  reasoning_tokens!: number
  web_search_requests!: number
  /** Decimal string; null when the model is unpriced. */
  cost!: string | null
  cost_source!: PriceSource | null
  prices!: AppliedPrices | null
  duration_ms!: number | null
  task_type!: string | null
  loggable_type!: string | null
  loggable_id!: string | null
  success!: boolean
  error_message!: string | null
  metadata!: Record<string, unknown>
  prompt_content!: string | null
  response_content!: string | null
  content_redacted!: boolean
  redaction_summary!: Record<string, number>
  category!: Category
  purpose_detail!: string | null
  budget_override!: boolean
  budget_override_by!: number | null
  idempotency_key!: string | null
  created_at!: Date

  static override get relationMappings() {
    return {
      organization: belongsToOne(Organization, 'ai_usage_logs.organization_id', 'organizations.id'),
      user: belongsToOne(User, 'ai_usage_logs.user_id', 'users.id'),
      project: belongsToOne(Project, 'ai_usage_logs.project_id', 'projects.id'),
      document: belongsToOne(Document, 'ai_usage_logs.document_id', 'documents.id'),
    }
  }
}
