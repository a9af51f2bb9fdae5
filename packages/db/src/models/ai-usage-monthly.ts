import type { Category } from '@tokenledger/domain'
import { Model } from 'objection'

export class AiUsageMonthly extends Model {
  static override tableName = 'ai_usage_monthly'
  id!: number
  year!: number
  month!: number
  organization_id!: number | null
  user_id!: number | null
  category!: Category
  request_count!: number
  success_count!: number
  total_tokens!: number
  total_cost!: string
}
