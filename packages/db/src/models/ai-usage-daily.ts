import type { Category } from '@tokenledger/domain'
import { Model } from 'objection'

export class AiUsageDaily extends Model {
  static override tableName = 'ai_usage_daily'
  id!: number
  /** 'YYYY-MM-DD' (UTC day) */
  date!: string
  organization_id!: number | null
  user_id!: number | null
  category!: Category
  provider!: string
  model!: string
  request_count!: number
  success_count!: number
  failure_count!: number
  total_prompt_tokens!: number
  total_completion_tokens!: number
  total_tokens!: number
  total_cost!: string
  total_duration_ms!: number
}
