import { Model } from 'objection'

export class AiBudget extends Model {
  static override tableName = 'ai_budgets'
  id!: number
  organization_id!: number
  /** null: the organization's own budget; set: one user's budget inside the organization. */
  user_id!: number | null
  monthly_limit!: string | null
  warning_threshold!: string
  current_month_usage!: string
  /** 'YYYY-MM-DD', the first day of the month the counter belongs to. */
  current_period_start!: string
  is_active!: boolean
  allow_override!: boolean
  created_at!: Date
  updated_at!: Date
}
