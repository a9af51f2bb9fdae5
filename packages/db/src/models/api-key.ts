import { Model } from 'objection'

export class ApiKey extends Model {
  static override tableName = 'api_keys'
  id!: number
  organization_id!: number
  name!: string
  prefix!: string
  key_hash!: string
  last_used_at!: Date | null
  revoked_at!: Date | null
  created_at!: Date
}
