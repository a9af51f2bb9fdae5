import { Model } from 'objection'

export class AiBudget extends Model {
  static override tableName = 'ai_budgets'
  id!: number
  organization_id!: number
  /** All three null: the organization's own budget; one set: that user's, project's or key's budget. */
  user_id!: number | null
  project_id!: number | null
  api_key_id!: number | null
  /** 'monthly' | 'weekly' | 'daily' (migration 0014). */
  period!: string
  /** IANA zone the period is read in. */
  period_time_zone!: string
  /** The limit per period (named before periods other than the month existed). */
  monthly_limit!: string | null
  warning_threshold!: string
  current_month_usage!: string
  /** 'YYYY-MM-DD', the first day (in the zone) of the period the counter belongs to. */
  current_period_start!: string
  is_active!: boolean
  allow_override!: boolean
  created_at!: Date
  updated_at!: Date
}
