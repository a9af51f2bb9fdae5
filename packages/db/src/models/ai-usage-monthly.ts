import type { Category } from '@tokenledger/domain'

export interface AiUsageMonthly {
  id: number
  year: number
  month: number
  organization_id: number | null
  user_id: number | null
  category: Category
  request_count: number
  success_count: number
  total_tokens: number
  total_cost: string
}
